/**
 * Atomic file replacement: write a temp file beside the target, then rename over it, so a crash or
 * a full disk never leaves a half-written source. A symlink is written through (its real path is
 * replaced, the link stays), and the file keeps its mode (and owner, when we are allowed to).
 * Synchronous on purpose: a signal cannot land between the write and the rename.
 */
import { randomBytes } from 'node:crypto';
import {
  chmodSync,
  chownSync,
  closeSync,
  fsyncSync,
  openSync,
  realpathSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import path from 'node:path';

function realTarget(file: string): string {
  try {
    return realpathSync(file);
  } catch (error) {
    // A file that does not exist yet: resolve its folder, keep its name.
    if ((error as NodeJS.ErrnoException).code === 'ENOENT')
      return path.join(realpathSync(path.dirname(file)), path.basename(file));
    throw error;
  }
}

/** Replaces `file`'s content atomically; returns the path actually written (the symlink's target). */
export function atomicWrite(file: string, content: string | Uint8Array): string {
  const target = realTarget(file);
  let existing: { mode: number; uid: number; gid: number } | undefined;
  try {
    const stat = statSync(target);
    existing = { mode: stat.mode & 0o7777, uid: stat.uid, gid: stat.gid };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const temp = path.join(
    path.dirname(target),
    `.${path.basename(target)}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`,
  );
  const fd = openSync(temp, 'wx', existing?.mode ?? 0o666);
  try {
    try {
      const bytes = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
      let offset = 0;
      while (offset < bytes.length) offset += writeSync(fd, bytes, offset, bytes.length - offset);
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    if (existing) {
      chmodSync(temp, existing.mode); // the umask applied at creation
      const stat = statSync(temp);
      if (stat.uid !== existing.uid || stat.gid !== existing.gid) {
        try {
          chownSync(temp, existing.uid, existing.gid);
        } catch {
          // Only root may give a file away; the content matters more than the owner.
        }
      }
    }
    renameSync(temp, target);
  } catch (error) {
    try {
      unlinkSync(temp);
    } catch {
      // already gone
    }
    throw error;
  }
  return target;
}
