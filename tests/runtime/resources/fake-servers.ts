// Fake database and broker servers on 127.0.0.1 that speak just enough of their protocol for the
// real client library to connect, and record what it says when it closes: the PostgreSQL
// Terminate message, the Redis QUIT command, the end of a Kafka connection. No external service.
import { type Server, type Socket, createServer } from 'node:net';

export interface FakeServer {
  readonly port: number;
  /** What the server saw, in order: `connection`, one entry per message, `end` when a client closed its side. */
  readonly events: string[];
  close(): Promise<void>;
}

type Handler = (socket: Socket, record: (event: string) => void) => void;

async function listen(handler: Handler): Promise<FakeServer> {
  const events: string[] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    events.push('connection');
    socket.on('end', () => events.push('end'));
    socket.on('error', () => events.push('error'));
    socket.on('close', () => sockets.delete(socket));
    handler(socket, (event) => events.push(event));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('fake server: no TCP address');
  return {
    port: address.port,
    events,
    close: () =>
      new Promise((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Reads length-prefixed frames from a socket: `frameLength` returns the whole frame's length once known. */
function onFrames(
  socket: Socket,
  frameLength: (buffer: Buffer) => number | undefined,
  onFrame: (frame: Buffer) => void,
) {
  let buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    buffer = Buffer.concat([buffer, chunk]);
    for (;;) {
      const length = frameLength(buffer);
      if (length === undefined || buffer.length < length) return;
      onFrame(buffer.subarray(0, length));
      buffer = buffer.subarray(length);
    }
  });
}

/** A PostgreSQL backend message: type byte, int32 length (itself included), body. */
function pgMessage(type: string, body: Buffer = Buffer.alloc(0)): Buffer {
  const header = Buffer.alloc(5);
  header.write(type, 0, 'latin1');
  header.writeInt32BE(body.length + 4, 1);
  return Buffer.concat([header, body]);
}

const PG_SSL_REQUEST = 80_877_103;

/**
 * PostgreSQL wire protocol v3: trust authentication, every simple query answered `SELECT 0`.
 * Records `startup`, `query <text>` and `terminate` (the 'X' message `end()` sends).
 */
export function fakePostgres(): Promise<FakeServer> {
  return listen((socket, record) => {
    let started = false;
    onFrames(
      socket,
      (buffer) => {
        const offset = started ? 1 : 0; // the startup message has no type byte
        return buffer.length >= offset + 4 ? buffer.readInt32BE(offset) + offset : undefined;
      },
      (frame) => {
        if (!started) {
          if (frame.readInt32BE(4) === PG_SSL_REQUEST) {
            socket.write('N');
            return;
          }
          started = true;
          record('startup');
          const authenticationOk = pgMessage('R', Buffer.from([0, 0, 0, 0]));
          socket.write(Buffer.concat([authenticationOk, pgMessage('Z', Buffer.from('I'))]));
          return;
        }
        const type = String.fromCharCode(frame[0]!);
        if (type === 'Q') {
          record(`query ${frame.subarray(5, frame.length - 1).toString('utf8')}`);
          socket.write(Buffer.concat([pgMessage('C', Buffer.from('SELECT 0\0')), pgMessage('Z', Buffer.from('I'))]));
        } else if (type === 'X') {
          record('terminate');
          socket.end();
        } else {
          record(`message ${type}`);
        }
      },
    );
  });
}

/** Splits RESP arrays of bulk strings (what clients send) into commands. */
function parseResp(buffer: Buffer): { command: string[]; length: number } | undefined {
  const text = buffer.toString('latin1');
  const lines = text.split('\r\n');
  if (lines.length < 2 || !lines[0]!.startsWith('*')) return undefined;
  const count = Number(lines[0]!.slice(1));
  const command: string[] = [];
  let length = lines[0]!.length + 2;
  for (let i = 0; i < count; i++) {
    const header = lines[1 + 2 * i];
    const value = lines[2 + 2 * i];
    if (header === undefined || value === undefined || 3 + 2 * i >= lines.length) return undefined;
    command.push(value);
    length += header.length + 2 + value.length + 2;
  }
  return { command, length };
}

/**
 * Redis (RESP2): HELLO refused (so clients stay on RESP2), INFO says loaded, PING, QUIT answers OK
 * and closes, anything else OK. Records each command's name, upper-cased.
 */
export function fakeRedis(): Promise<FakeServer> {
  return listen((socket, record) => {
    onFrames(
      socket,
      (buffer) => parseResp(buffer)?.length,
      (frame) => {
        const [name = '', ...args] = parseResp(frame)!.command;
        const command = name.toUpperCase();
        record(command === 'CLIENT' ? `CLIENT ${args[0]?.toUpperCase() ?? ''}` : command);
        if (command === 'HELLO') socket.write("-ERR unknown command 'HELLO'\r\n");
        else if (command === 'INFO') {
          const info = '# Server\r\nredis_version:7.2.0\r\nloading:0\r\n';
          socket.write(`$${info.length}\r\n${info}\r\n`);
        } else if (command === 'PING') socket.write('+PONG\r\n');
        else if (command === 'QUIT') socket.end('+OK\r\n');
        else socket.write('+OK\r\n');
      },
    );
  });
}

const KAFKA_API_VERSIONS = 18;
const KAFKA_METADATA = 3;

/**
 * A Kafka broker that answers ApiVersions (all a producer's `connect()` asks) and records each
 * request as `request <apiKey>`; a client's `disconnect()` shows as `end`.
 */
export function fakeKafka(): Promise<FakeServer> {
  return listen((socket, record) => {
    onFrames(
      socket,
      (buffer) => (buffer.length >= 4 ? buffer.readInt32BE(0) + 4 : undefined),
      (frame) => {
        const apiKey = frame.readInt16BE(4);
        const correlationId = frame.readInt32BE(8);
        record(`request ${apiKey}`);
        if (apiKey !== KAFKA_API_VERSIONS) return;
        // ApiVersions v1/v2 response: error_code, [api_key min max], throttle_time_ms.
        const supported: [number, number, number][] = [
          [KAFKA_API_VERSIONS, 0, 2],
          [KAFKA_METADATA, 0, 0],
        ];
        const body = Buffer.alloc(4 + 2 + 4 + supported.length * 6 + 4);
        body.writeInt32BE(correlationId, 0);
        body.writeInt16BE(0, 4);
        body.writeInt32BE(supported.length, 6);
        supported.forEach(([key, min, max], i) => {
          body.writeInt16BE(key, 10 + i * 6);
          body.writeInt16BE(min, 12 + i * 6);
          body.writeInt16BE(max, 14 + i * 6);
        });
        const size = Buffer.alloc(4);
        size.writeInt32BE(body.length, 0);
        socket.write(Buffer.concat([size, body]));
      },
    );
  });
}
