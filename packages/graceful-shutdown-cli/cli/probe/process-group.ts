/**
 * The processes of one process group: the probe starts the program as a group leader, so whatever
 * it starts stays in the group unless it detaches itself (setsid). Linux reads /proc; elsewhere `ps`.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';

export interface GroupMember {
  readonly pid: number;
  readonly command: string;
}

interface ProcessEntry extends GroupMember {
  readonly pgid: number;
  readonly zombie: boolean;
}

function readProcEntry(pid: number): ProcessEntry | undefined {
  try {
    // `pid (comm) state ppid pgrp …`: comm may hold spaces and parentheses, so split after the last ')'.
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
    return { pid, pgid: Number(fields[2]), zombie: fields[0] === 'Z', command: args.join(' ') || name };
  } catch {
    return undefined; // it ended while we looked
  }
}

function procEntries(): ProcessEntry[] {
  return readdirSync('/proc')
    .filter((name) => /^\d+$/.test(name))
    .map((name) => readProcEntry(Number(name)))
    .filter((entry): entry is ProcessEntry => entry !== undefined);
}

function psEntries(): ProcessEntry[] {
  const out = execFileSync('ps', ['-A', '-o', 'pid=,pgid=,stat=,args='], { encoding: 'utf8' });
  return out
    .split('\n')
    .map((line) => /^\s*(\d+)\s+(\d+)\s+(\S+)\s+(.*)$/.exec(line))
    .filter((match): match is RegExpExecArray => match !== null)
    .map(([, pid, pgid, stat, command]) => ({
      pid: Number(pid),
      pgid: Number(pgid),
      zombie: stat!.startsWith('Z'),
      command: command!.trim(),
    }));
}

/** Live (not zombie) members of process group `pgid`. */
export function listProcessGroup(pgid: number): GroupMember[] {
  const entries = existsSync('/proc/self/stat') ? procEntries() : psEntries();
  return entries.filter((entry) => entry.pgid === pgid && !entry.zombie).map(({ pid, command }) => ({ pid, command }));
}

/** Sends `signal` to every member of the group; false when the group is gone. */
export function signalGroup(pgid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pgid, signal);
    return true;
  } catch {
    return false;
  }
}
