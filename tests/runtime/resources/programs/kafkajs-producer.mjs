// Fixture: a kafkajs producer under the helper, its `disconnect()` deferred right after it is
// connected (unless SKIP_CLOSE is set: the contrast). The broker is KAFKA_PORT on 127.0.0.1.
import { runMain } from './graceful-shutdown.mjs';
import { Kafka, logLevel } from 'kafkajs';

runMain(async ({ defer, shutdown }) => {
  const kafka = new Kafka({
    clientId: 'fixture',
    brokers: [`127.0.0.1:${process.env.KAFKA_PORT}`],
    logLevel: logLevel.NOTHING,
  });
  const producer = kafka.producer();
  producer.on(producer.events.DISCONNECT, () => console.log('producer disconnected'));
  await producer.connect();
  if (!process.env.SKIP_CLOSE) defer(() => producer.disconnect());
  console.log('ready');
  await shutdown;
});
