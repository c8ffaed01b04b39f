/**
 * How a schemathesis run is judged. Its failure codes fall in two groups:
 *
 * - gating: the API answered with a 5xx, or with a response the OpenAPI document does not allow
 *   (status, media type, headers, body), or it accepted what it must refuse (schema-violating
 *   data, missing or wrong credentials, another user's object). Any of these fails the run.
 * - advisory: the document is less precise than the API — it admits a body the API rightly
 *   refuses for a rule JSON Schema cannot state (a notification's XML root, base64 content), or
 *   it does not say how undeclared methods are answered. Reported with counts, never failing.
 */
export const ADVISORY_CODES: ReadonlySet<string> = new Set([
  'ST202', // schema-valid request rejected (a rule the document cannot express)
  'ST204', // undeclared method answered 404 rather than 405
  'ST205', // Allow header of OPTIONS
]);

/** 5xx for a request (ST101), or for an undeclared content type (ST102). */
export const SERVER_ERROR_CODES: ReadonlySet<string> = new Set(['ST101', 'ST102']);

/** The part of schemathesis's `--report json` file this runner reads (4.x). */
export interface SchemathesisReport {
  schemathesis_version: string;
  /** A decimal integer, kept as text (it has up to 39 digits). */
  seed: string | null;
  running_time: number;
  stop_reason?: string;
  complete?: boolean;
  operations: { total: number; selected: number; tested: number; errored: number; skipped: number };
  phases?: Record<string, { status: string; skip_reason: string | null }>;
  test_cases: { generated: number; with_failures: number; unique_failures: number; errored: number };
  failures: Array<{
    type: string;
    code: string;
    title: string;
    severity?: string;
    count: number;
    operations: string[];
  }>;
  errors: Array<Record<string, unknown>>;
  warnings?: Record<string, unknown[]>;
}

export interface Finding {
  code: string;
  title: string;
  count: number;
  operations: string[];
  gating: boolean;
}

export interface FuzzSummary {
  mode: 'quick' | 'full';
  passed: boolean;
  seed: string | null;
  schemathesisVersion: string;
  checks: string;
  maxExamples: number;
  /** Full runs: the time budget schemathesis spends; quick runs: the deadline of its one pass. */
  maxTimeSeconds: number;
  phases: string;
  startedAt: string;
  wallTimeSeconds: number;
  fuzzingSeconds: number;
  operations: { total: number; tested: number; errored: number };
  examples: number;
  serverErrors: number;
  gatingFailures: number;
  advisoryFailures: number;
  runErrors: number;
  /** `unhandled error` lines (a 500's only trace) and other error logs of the API and worker. */
  stackErrorLogs: number;
  findings: Finding[];
  /** Why `passed` is false, one line each. */
  reasons: string[];
}

export function judge(
  report: SchemathesisReport,
  context: Omit<
    FuzzSummary,
    | 'passed'
    | 'seed'
    | 'schemathesisVersion'
    | 'fuzzingSeconds'
    | 'operations'
    | 'examples'
    | 'serverErrors'
    | 'gatingFailures'
    | 'advisoryFailures'
    | 'runErrors'
    | 'findings'
    | 'reasons'
  >,
): FuzzSummary {
  const findings: Finding[] = report.failures.map((failure) => ({
    code: failure.code,
    title: failure.title,
    count: failure.count,
    operations: failure.operations,
    gating: !ADVISORY_CODES.has(failure.code),
  }));
  const sum = (list: Finding[]) => list.reduce((total, finding) => total + finding.count, 0);
  const gating = findings.filter((f) => f.gating);
  const serverErrors = sum(findings.filter((f) => SERVER_ERROR_CODES.has(f.code)));
  const reasons: string[] = [];
  if (serverErrors > 0) reasons.push(`${serverErrors} server error(s) (5xx)`);
  for (const finding of gating) {
    if (!SERVER_ERROR_CODES.has(finding.code))
      reasons.push(`${finding.code} ${finding.title}: ${finding.count} on ${finding.operations.join(', ')}`);
  }
  if (report.errors.length > 0)
    reasons.push(`${report.errors.length} operation(s) could not be tested (schemathesis errors)`);
  if (report.operations.tested === 0) reasons.push('no operation was tested');
  if (context.stackErrorLogs > 0) reasons.push(`${context.stackErrorLogs} error line(s) in the API/worker logs`);
  return {
    ...context,
    passed: reasons.length === 0,
    seed: report.seed,
    schemathesisVersion: report.schemathesis_version,
    fuzzingSeconds: Math.round(report.running_time * 10) / 10,
    operations: {
      total: report.operations.total,
      tested: report.operations.tested,
      errored: report.operations.errored,
    },
    examples: report.test_cases.generated,
    serverErrors,
    gatingFailures: sum(gating),
    advisoryFailures: sum(findings.filter((f) => !f.gating)),
    runErrors: report.errors.length,
    findings,
    reasons,
  };
}

/** The lines printed at the end of a run. */
export function summaryLines(summary: FuzzSummary): string[] {
  const lines = [
    '',
    `hostflow schema fuzzing (${summary.mode}): ${summary.passed ? 'PASSED' : 'FAILED'}`,
    `  schemathesis ${summary.schemathesisVersion}, seed ${summary.seed ?? '-'}, checks ${summary.checks}, phases ${summary.phases}`,
    `  operations   ${summary.operations.tested}/${summary.operations.total} tested${summary.operations.errored ? `, ${summary.operations.errored} errored` : ''}`,
    `  examples     ${summary.examples} (at most ${summary.maxExamples} per operation and phase${summary.mode === 'full' ? `, repeated for ${summary.maxTimeSeconds} s` : ''})`,
    `  5xx          ${summary.serverErrors}`,
    `  failures     ${summary.gatingFailures} gating, ${summary.advisoryFailures} advisory`,
    `  stack errors ${summary.stackErrorLogs} error log line(s)`,
    `  time         ${summary.fuzzingSeconds} s fuzzing, ${summary.wallTimeSeconds} s wall`,
  ];
  for (const finding of summary.findings) {
    lines.push(
      `  ${finding.gating ? 'FAIL' : 'note'} ${finding.code} ${finding.title} ×${finding.count}: ${finding.operations.join(', ')}`,
    );
  }
  for (const reason of summary.reasons) lines.push(`  why: ${reason}`);
  return lines;
}
