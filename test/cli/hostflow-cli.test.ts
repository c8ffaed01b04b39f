import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createHostflowClient,
  type HostflowClient,
  type HostingRequestView,
  type StartHostingRequestBody,
} from '../../client/index.js';
import { freePort } from '../../scripts/dev-server.js';
import { hostingRequestBody, PDF_BYTES, startStack, type TestStack } from '../helpers/stack.js';
import { freshNumbers, uniqueId } from '../helpers/temporal.js';
import { hostflow } from './run-hostflow.js';

const KEY = 'k';
const CSV_HEADER =
  'customerOrderId,telephoneNumber,siteId,sipPeerId,subscriberName,houseNumber,streetName,city,stateCode,zip,county,loaAuthorizingPerson';

describe('the hostflow CLI as a child process against the real stack', () => {
  let stack: TestStack;
  let client: HostflowClient;
  let dir: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    [stack, dir] = await Promise.all([startStack({ apiKeys: [KEY] }), mkdtemp(join(tmpdir(), 'hostflow-cli-'))]);
    client = createHostflowClient({ baseUrl: stack.apiUrl, apiKey: KEY });
    env = { HOSTFLOW_URL: stack.apiUrl, HOSTFLOW_API_KEY: KEY };
  });
  afterAll(async () => {
    await stack?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const file = async (name: string, content: string | Buffer) => {
    const path = join(dir, name);
    await writeFile(path, content);
    return path;
  };
  const body = (overrides: Record<string, unknown>) => hostingRequestBody(overrides) as StartHostingRequestBody;

  test('--help lists every command with examples and exits 0', async () => {
    const [run, start] = await Promise.all([hostflow(['--help']), hostflow(['start', '--help'])]);
    expect(run.code).toBe(0);
    for (const command of ['check', 'start', 'status', 'watch', 'list', 'cancel', 'loa', 'subscribe'])
      expect(run.stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    expect(run.stdout).toContain('HOSTFLOW_URL');
    expect(run.stdout).toContain('$ hostflow start request.json --loa loa.pdf --wait');
    expect(start.code).toBe(0);
    expect(start.stdout).toContain(CSV_HEADER);
  });

  test("an unknown command or option is commander's message and exit code 2", async () => {
    const [unknown, option] = await Promise.all([hostflow(['frobnicate']), hostflow(['status', 'x', '--frob'])]);
    expect(unknown.code).toBe(2);
    expect(unknown.errLines[0]).toBe("error: unknown command 'frobnicate'");
    expect(option.code).toBe(2);
    expect(option.errLines[0]).toBe("error: unknown option '--frob'");
  });

  test('start from a JSON file with --loa prints the id; watch follows it to COMPLETE one line per change; status --json is the view', async () => {
    const id = uniqueId('cli-json');
    const request = await file(
      `${id}.json`,
      JSON.stringify(hostingRequestBody({ customerOrderId: id, telephoneNumbers: [...freshNumbers(1), '4109235436'] })),
    );
    const loa = await file('signed.pdf', PDF_BYTES);

    const started = await hostflow(['start', request, '--loa', loa], { env });
    expect(started).toMatchObject({ code: 0, stderr: '', lines: [`started ${id}`] });

    const watched = await hostflow(['watch', id, '--interval', '100'], { env });
    expect(watched.code).toBe(0);
    expect(watched.stderr).toBe('');
    expect(watched.lines.every((line) => line.split(' · ')[1] === id)).toBe(true);
    // A line per change: no two lines in a row tell the same state (the elapsed time aside).
    const states = watched.lines.map((line) => line.replace(/ · (elapsed|took) [^·]+$/, ''));
    expect(states.filter((state, i) => i > 0 && state === states[i - 1])).toEqual([]);
    expect(watched.lines.at(-1)).toMatch(
      new RegExp(
        `^COMPLETE · ${id} · numbers 2/2 done \\(1 HOSTED, 1 NOT_IMPORTABLE\\) · order \\S+ COMPLETE · LOA UPLOADED \\(\\S+\\.pdf\\) · took \\d+s$`,
      ),
    );

    const [status, human] = await Promise.all([
      hostflow(['status', id, '--json'], { env }),
      hostflow(['status', id], { env }),
    ]);
    expect(status.code).toBe(0);
    const view = JSON.parse(status.stdout) as HostingRequestView;
    expect(view).toEqual(await client.get(id));
    expect(view).toMatchObject({ id, status: 'COMPLETE', loa: { status: 'UPLOADED' } });
    expect(
      stack.sandbox.sandbox
        .orders()
        .find((o) => o.customerOrderId === id)
        ?.loas.map((l) => [l.filename.endsWith('.pdf'), l.contentType]),
    ).toEqual([[true, 'application/pdf']]);

    expect(human.code).toBe(0);
    expect(human.lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^Status +COMPLETE$/),
        expect.stringMatching(new RegExp(`^Order +${view.orderId} COMPLETE$`)),
        expect.stringMatching(/^Numbers +2: 1 HOSTED, 1 NOT_IMPORTABLE$/),
        expect.stringMatching(/^LOA +UPLOADED \(.+\.pdf\)$/),
        '  4109235436  NOT_IMPORTABLE  19006 Bandwidth numbers cannot be imported by this account at this time.',
      ]),
    );

    // What hostflow keeps: the number's life, and the LOA as it was given.
    const hosted = view.numbers[0]!.telephoneNumber;
    const kept = join(dir, `${id}-kept.pdf`);
    const [number, numberJson, downloaded] = await Promise.all([
      hostflow(['number', `+1${hosted}`], { env }),
      hostflow(['number', hosted, '--json'], { env }),
      hostflow(['loa', id, '--download', kept], { env }),
    ]);
    expect(number.code).toBe(0);
    expect(number.lines[0]).toBe(`${hosted} · HOSTED · request ${id} · order ${view.orderId}`);
    expect(number.lines.slice(1).map((l) => l.split(/ +/)[1])).toEqual(['status', 'PENDING', 'HOSTED']);
    expect(JSON.parse(numberJson.stdout)).toMatchObject({ telephoneNumber: hosted, status: 'HOSTED', requestId: id });
    expect(downloaded).toMatchObject({ code: 0, stderr: '' });
    expect(downloaded.lines[0]).toMatch(
      new RegExp(`^LOA signed\\.pdf of ${id} \\(application/pdf, ${PDF_BYTES.length} bytes\\) written to `),
    );
    expect((await readFile(kept)).equals(PDF_BYTES)).toBe(true);
  });

  test('start from a CSV with two customerOrderIds starts two requests, --wait follows both, and list --json finds them by number', async () => {
    const a = uniqueId('cli-csv-a');
    const b = uniqueId('cli-csv-b');
    const [hosted, other] = freshNumbers(2) as [string, string];
    const failing = `${hosted.slice(0, 6)}9999`;
    const shared = '14413,,ABC Inc.,11235,Back,Denver,CO,27541,Canyon,Mark Macchioni';
    const csv = await file(
      `${a}.csv`,
      [
        CSV_HEADER,
        `${a},${hosted},${shared}`,
        `${b},+1${other},14413,,XYZ LLC,1,Main,Boulder,co,80301,,Jane Doe`,
        `${a},${failing},${shared}`,
        '',
      ].join('\n'),
    );

    const run = await hostflow(['start', csv, '--wait', '--interval', '100'], { env });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(0);
    expect(run.lines.slice(0, 2)).toEqual([`started ${a}`, `started ${b}`]);
    expect(
      run.lines
        .filter((l) => /^(COMPLETE|PARTIAL|FAILED|NOTHING_IMPORTABLE|CANCELLED) · /.test(l))
        .map((l) => l.split(' · ').slice(0, 2)),
    ).toEqual([
      ['PARTIAL', a],
      ['COMPLETE', b],
    ]);

    const viewA = await client.get(a);
    expect(viewA.numbers.map((n) => [n.telephoneNumber, n.status])).toEqual([
      [hosted, 'HOSTED'],
      [failing, 'FAILED'],
    ]);
    expect((await client.get(b)).numbers).toEqual([{ telephoneNumber: other, status: 'HOSTED' }]);

    const listed = await hostflow(['list', '--json', '--number', failing, '--status', 'PARTIAL', '--limit', '1000'], {
      env,
    });
    expect(listed.code).toBe(0);
    const page = JSON.parse(listed.stdout) as {
      requests: Array<{ id: string; status: string }>;
      nextPageToken: string | null;
    };
    expect(page.requests).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ id: a, status: 'PARTIAL', telephoneNumbers: [hosted, failing] }),
      ]),
    );
    expect(page.requests.every((r) => r.status === 'PARTIAL')).toBe(true);
  });

  test('cancel asks a running request to stop; watch then ends CANCELLED with exit code 3 and one stderr line', async () => {
    const id = uniqueId('cli-cancel');
    // Every check answers only after 3 s: the request is still running when the CLI cancels it.
    stack.sandbox.sandbox.setFaults({ endpoints: { importTnChecker: { latencyMs: 3_000 } } });
    try {
      await client.start(body({ customerOrderId: id }));
      const cancelled = await hostflow(['cancel', id, '--reason', 'customer withdrew'], { env });
      expect(cancelled).toMatchObject({
        code: 0,
        stderr: '',
        lines: [`cancellation of ${id} requested (CANCELLING); follow it with: hostflow watch ${id}`],
      });
      const watched = await hostflow(['watch', id, '--interval', '100'], { env });
      expect(watched.code).toBe(3);
      expect(watched.lines.at(-1)).toMatch(new RegExp(`^CANCELLED · ${id} · `));
      expect(watched.errLines).toEqual([`hostflow: request ${id} was cancelled`]);
    } finally {
      stack.sandbox.sandbox.clearFaults();
    }
  });

  test('watch of a request that ends FAILED exits 1 with the reason on one stderr line', async () => {
    const id = uniqueId('cli-failed');
    await client.start(body({ customerOrderId: id, telephoneNumbers: ['3032289999'] }));
    const watched = await hostflow(['watch', id, '--interval', '100'], { env });
    expect(watched.code).toBe(1);
    expect(watched.lines.at(-1)).toMatch(new RegExp(`^FAILED · ${id} · numbers 1/1 done \\(1 FAILED\\)`));
    expect(watched.errLines).toEqual([`hostflow: request ${id} ended FAILED: Telephone Number Not Active.`]);
  });

  test('a CSV whose rows of one request disagree is refused in one line naming the row, and nothing is started', async () => {
    const id = uniqueId('cli-bad-csv');
    const csv = await file(
      `${id}.csv`,
      [
        CSV_HEADER,
        `${id},3032281000,14413,,ABC Inc.,11235,Back,Denver,CO,27541,,Mark Macchioni`,
        `${id},3032281001,14413,,ABC Inc.,11235,Back,Boulder,CO,27541,,Mark Macchioni`,
      ].join('\n'),
    );
    const run = await hostflow(['start', csv], { env });
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errLines).toEqual([
      `hostflow: ${csv} line 3: city "Boulder" differs from "Denver" on line 2; rows of customerOrderId ${id} must agree on every column but telephoneNumber`,
    ]);
    await expect(client.get(id)).rejects.toMatchObject({ status: 404 });
  });

  test('a CSV with an invalid number is refused before anything is sent, naming its line', async () => {
    const good = uniqueId('cli-good');
    const bad = uniqueId('cli-bad-number');
    const csv = await file(
      `${bad}.csv`,
      [
        CSV_HEADER,
        `${good},3032281000,14413,,ABC Inc.,11235,Back,Denver,CO,27541,,Mark Macchioni`,
        `${bad},303228,14413,,ABC Inc.,11235,Back,Denver,CO,27541,,Mark Macchioni`,
      ].join('\n'),
    );
    const run = await hostflow(['start', csv], { env });
    expect(run.code).toBe(1);
    expect(run.errLines).toEqual([
      `hostflow: ${csv} line 3: telephoneNumber "303228" is not a 10-digit NANP number or +1 E.164 number — nothing was started`,
    ]);
    await expect(client.get(good)).rejects.toMatchObject({ status: 404 });
  });

  test('with no server listening, a command fails in one clear line and exit code 1, with a stack trace only under DEBUG=1', async () => {
    const url = `http://127.0.0.1:${await freePort()}`;
    const unreachable = { HOSTFLOW_URL: url, HOSTFLOW_API_KEY: 'unreachable-s3cret' };
    const [run, debug] = await Promise.all([
      hostflow(['status', 'anything'], { env: unreachable }),
      hostflow(['status', 'anything'], { env: { ...unreachable, DEBUG: '1' } }),
    ]);
    expect(run.code).toBe(1);
    expect(run.stdout).toBe('');
    expect(run.errLines).toEqual([
      `hostflow: cannot reach hostflow at ${url} (ECONNREFUSED) — is the API running? Set HOSTFLOW_URL or --url`,
    ]);
    // DEBUG=1 adds the stack of the failure and of its causes, after the same first line.
    expect(debug.code).toBe(1);
    expect(debug.errLines[0]).toBe(run.errLines[0]);
    expect(debug.stderr).toMatch(/^HostflowApiError: cannot reach hostflow/m);
    expect(debug.stderr).toMatch(/^\s+at /m);
    expect(debug.stderr).not.toContain('s3cret');
  });

  test('a wrong API key and an unknown id are one line each, exit code 1', async () => {
    const [unauthorized, missing] = await Promise.all([
      hostflow(['list', '--api-key', 'wrong-s3cret'], { env }),
      hostflow(['status', 'no-such-request'], { env }),
    ]);
    expect(unauthorized.code).toBe(1);
    expect(unauthorized.errLines).toEqual([
      'hostflow: Unauthorized: Send Authorization: Bearer <API key>. — set HOSTFLOW_API_KEY or --api-key',
    ]);
    expect(missing.code).toBe(1);
    expect(missing.errLines).toEqual(['hostflow: Not found: No hosting request with id "no-such-request".']);
  });

  test('check reports each number as a local format check and exits 1 when one is invalid', async () => {
    const [run, json] = await Promise.all([
      hostflow(['check', '3032281000', '+13032280004', '12345']),
      hostflow(['check', '--json', '+13032280004']),
    ]);
    expect(run.code).toBe(1);
    expect(run.lines[0]).toMatch(/^NUMBER +FORMAT +NORMALISED$/);
    expect(run.lines[1]).toMatch(/^3032281000 +valid +3032281000$/);
    expect(run.lines[2]).toMatch(/^\+13032280004 +valid +3032280004$/);
    expect(run.lines[3]).toMatch(/^12345 +invalid +not a 10-digit NANP number or \+1 E\.164 number$/);
    expect(run.stdout).toContain('Local format check only');
    expect(run.errLines).toEqual(['hostflow: 1 of 3 numbers is not a valid NANP number']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual({
      localFormatCheckOnly: true,
      valid: 1,
      invalid: 0,
      numbers: [{ input: '+13032280004', valid: true, telephoneNumber: '3032280004' }],
    });
  });

  test('subscribe ensures the Bandwidth subscription from the server configuration: created once, then found again', async () => {
    const publicBaseUrl = `http://127.0.0.1:1/${uniqueId('cli-subscribe')}`;
    const subscribeEnv = {
      SANDBOX: 'on',
      SANDBOX_PORT: new URL(stack.sandbox.url).port,
      SANDBOX_USERNAME: 'test-user',
      SANDBOX_PASSWORD: 'test-password',
      WEBHOOK_USERNAME: 'bandwidth',
      WEBHOOK_PASSWORD: 'callback-secret',
      PUBLIC_BASE_URL: publicBaseUrl,
      DATA_DIR: dir,
    };
    const [first, misconfigured] = await Promise.all([
      hostflow(['subscribe'], { env: subscribeEnv }),
      hostflow(['subscribe'], { env: { ...subscribeEnv, SANDBOX: 'maybe' } }),
    ]);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const url = `${publicBaseUrl}/webhooks/bandwidth/orders`;
    // Import-order notifications, and MESSAGING_LOST events (numbers ported away), at the one webhook.
    const created = expect.stringMatching(
      new RegExp(`^subscription \\S+ created for ${url.replace(/[.]/g, '\\.')} \\(sandbox\\)$`),
    );
    expect(first.lines).toEqual([created, created]);
    const second = await hostflow(['subscribe', '--json'], { env: subscribeEnv });
    expect(second.code).toBe(0);
    const result = JSON.parse(second.stdout) as {
      subscriptionId: string;
      action: string;
      url: string;
      subscriptions: Array<{ subscriptionId: string }>;
    };
    expect(first.lines[0]).toContain(result.subscriptionId);
    // The webhook password is written again on every run (Bandwidth never shows it back).
    expect(result).toEqual({
      subscriptionId: result.subscriptionId,
      action: 'updated',
      url,
      sandbox: true,
      subscriptions: [
        { name: 'importtnorders', subscriptionId: result.subscriptionId, action: 'updated', url },
        { name: 'MESSAGING_LOST', subscriptionId: result.subscriptions[1]!.subscriptionId, action: 'updated', url },
      ],
    });
    expect(misconfigured.code).toBe(1);
    expect(misconfigured.errLines).toEqual(['hostflow: configuration: SANDBOX must be on, off or auto, got "maybe"']);
  });
});
