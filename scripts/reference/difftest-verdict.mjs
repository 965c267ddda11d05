// The verdict of one differential-test case: how the reference's run and
// nndf's run of the same case compare (see difftest.mjs for the classes), and
// whether it is one of the issues already known.
import { goldenDiff, parsePyJson } from '../golden-diff.mjs';
import { pythonException } from './reference-runner.mjs';

export const CLASSES = ['equal', 'both_no_dataflow', 'differ', 'reference_crash', 'nndf_error', 'timeout'];
const NO_DATAFLOW = /No valid dataflow found\./;

/** Which kinds of values differ, from goldenDiff's messages. */
export function differenceKind(bad) {
  const kinds = new Set();
  for (const msg of bad) {
    const field = msg.split(':')[0];
    if (field.startsWith('total_') || field.startsWith('missing total')) kinds.add('totals');
    else if (field.startsWith('layer names')) kinds.add('layer names');
    else {
      const key = field.slice(field.lastIndexOf('.') + 1);
      if (['cost', 'time', 'ops', 'access', 'total_nhops'].includes(key)) kinds.add(`layer ${key}`);
      else kinds.add(key); // sched_seq, part, tvals, orders
    }
  }
  return [...kinds].sort().join(', ');
}

/**
 * Recognizes the issues already known (scripts/reference/README.md): (a) a
 * different pipeline segment on tied critical paths, only a guess here; (b)
 * the internal error on uneven replication of a cross-channel local-region
 * layer's input; (c) the reference's crashes that nndf answers. Also a refusal both make
 * (the reference by an assertion, nndf by a user error).
 */
export function knownIssue(verdict, flags, ref, nd) {
  const exc = pythonException(ref.stderr);
  if (/uneven data replication/.test(nd.stderr)) return 'known (b): uneven ifmap replication of a cross-channel local-region layer';
  if (verdict.cls === 'reference_crash' && /UnboundLocalError.*tx0/.test(exc)) return 'known (c): solver tx0 UnboundLocalError';
  if (/PE array resource utilization < 50%/.test(exc) && /less than half used/.test(nd.stderr)) {
    return 'agreed: both refuse a PE array less than half used';
  }
  if (verdict.cls === 'reference_crash' && /^ZeroDivisionError/.test(exc) && nd.status === 0 && /"total_cost": 0\.0,/.test(nd.stdout)) {
    return 'reference divides by a total cost of 0 in its report; nndf answers';
  }
  const at = flags.indexOf('--layer-pipeline-time-overhead');
  if (verdict.cls === 'reference_crash' && at >= 0 && Number(flags[at + 1]) === 0) {
    return 'known (c): --layer-pipeline-time-overhead 0';
  }
  if (verdict.cls === 'differ' && flags.includes('--interlayer-partition') && /sched_seq/.test(verdict.kind)) {
    return 'maybe (a): pipeline segment choice (check against insertion-order sets)';
  }
  return '';
}

/**
 * Classifies a case from both runs ({status, signal, stdout, stderr,
 * timedOut}): {cls, kind?, detail?, mismatches?}.
 */
export function classify(ref, nd) {
  if (ref.timedOut || nd.timedOut) {
    return { cls: 'timeout', kind: [ref.timedOut && 'reference', nd.timedOut && 'nndf'].filter(Boolean).join(' and ') };
  }
  const refNone = ref.status === 2 && NO_DATAFLOW.test(ref.stderr);
  const ndNone = nd.status === 2 && NO_DATAFLOW.test(nd.stderr);
  const ndState = nd.status === 0 ? 'nndf answered' : ndNone ? 'nndf: no valid dataflow' : `nndf exit ${nd.status}`;
  if (ref.status !== 0 && !refNone) {
    const exc = pythonException(ref.stderr) || `exit ${ref.status} ${ref.signal ?? ''}`.trim();
    return { cls: 'reference_crash', kind: exc.split(':')[0], detail: `${exc}; ${ndState}` };
  }
  if (nd.status !== 0 && !ndNone) {
    const line = nd.stderr.trim().split('\n').pop() || `signal ${nd.signal}`;
    return { cls: 'nndf_error', kind: `exit ${nd.status}`, detail: line };
  }
  if (refNone && ndNone) return { cls: 'both_no_dataflow' };
  if (refNone) return { cls: 'differ', kind: 'only nndf found a dataflow' };
  if (ndNone) return { cls: 'differ', kind: 'only the reference found a dataflow' };
  const docs = [];
  for (const [who, r] of [['reference', ref], ['nndf', nd]]) {
    try {
      docs.push(parsePyJson(r.stdout));
    } catch (e) {
      return { cls: 'differ', kind: `unreadable ${who} output`, detail: e.message };
    }
  }
  const { bad } = goldenDiff(docs[0], docs[1], { strict: true });
  if (!bad.length) return { cls: 'equal' };
  return { cls: 'differ', kind: differenceKind(bad), detail: bad.slice(0, 6).join(' | '), mismatches: bad.length };
}
