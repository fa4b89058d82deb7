/** The state of one path through a function, statement by statement. */
export interface PathState {
  /** An `await` of something other than a sleep happened on this path. */
  drained: boolean;
  /** Something was told to stop (closed, aborted, killed) on this path: the loop can end by itself. */
  stopped: boolean;
  /** The path ended (`return`, `throw`, an exit). */
  terminated: boolean;
}

export const freshState = (drained = false): PathState => ({ drained, stopped: false, terminated: false });

export const copyState = (state: PathState): PathState => ({ ...state });

/** Where two branches join: a branch that ended says nothing about the code after the join. */
export function mergeBranches(state: PathState, a: PathState, b: PathState): void {
  if (a.terminated && !b.terminated) Object.assign(state, b);
  else if (b.terminated && !a.terminated) Object.assign(state, a);
  else
    Object.assign(state, {
      drained: a.drained && b.drained,
      stopped: a.stopped && b.stopped,
      terminated: a.terminated && b.terminated,
    });
}
