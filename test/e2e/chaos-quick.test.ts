import { judge } from '../../chaos/expected-outcome.js';
import { figuresTable } from '../../chaos/figures.js';
import type { RequestSpec } from '../../chaos/request-mix.js';
import { QUICK_RUN, runChaos } from '../../chaos/suite.js';
import type { SandboxOrderView } from '../../sandbox/index.js';
import type { HostingRequestView } from '../../workflows/types.js';

/**
 * The quick chaos run (`npm run test:chaos -- --quick`) inside `npm test`: 40 requests through the
 * HTTP API while the sandbox fails, hangs, rate-limits and loses or repeats callbacks, the worker
 * process is SIGKILLed and restarted, and the Temporal server restarts once.
 */
describe('the chaos suite, quick', () => {
  // The suite is only as good as its verdict: it must catch what it claims to rule out.
  test('the verdict catches a lost request, a duplicate order or LOA, and a wrong outcome', () => {
    const spec: RequestSpec = { id: 'r1', kind: 'partial', telephoneNumbers: ['3032000001', '7202009999'], loa: true };
    const order = (orderId: string, loas = 1): SandboxOrderView => ({
      orderId,
      customerOrderId: 'r1',
      processingStatus: 'PARTIAL',
      telephoneNumbers: ['3032000001', '7202009999'],
      loas: Array.from({ length: loas }, (_, i) => ({
        filename: `${orderId}-${i}.pdf`,
        contentType: 'application/pdf',
        bytes: 20,
      })),
    });
    const view: HostingRequestView = {
      id: 'r1',
      workflowId: 'hosting-r1',
      status: 'PARTIAL',
      orderId: 'o1',
      orderStatus: 'PARTIAL',
      attention: null,
      numbers: [
        { telephoneNumber: '3032000001', status: 'HOSTED' },
        {
          telephoneNumber: '7202009999',
          status: 'FAILED',
          errorCode: '7518',
          errorDescription: 'Telephone Number Not Active.',
        },
      ],
      loa: { status: 'UPLOADED', filename: 'o1-0.pdf' },
      createdAt: '2026-11-27T10:00:00.000Z',
      updatedAt: '2026-11-27T10:00:01.000Z',
      orders: [],
    };
    const end = { executionStatus: 'COMPLETED', view };

    expect(judge(spec, end, [order('o1')])).toEqual({ id: 'r1', lost: false, duplicated: [], wrong: [] });
    expect(judge(spec, undefined, [order('o1')]).lost).toBe(true);
    expect(judge(spec, end, [order('o1'), order('o2')]).duplicated).toEqual(['2 orders (o1, o2)']);
    expect(judge(spec, end, [order('o1', 2)]).duplicated).toEqual(['2 LOA uploads on order o1']);
    expect(judge(spec, end, [order('o1', 0)]).wrong).toEqual(['LOA given but never uploaded']);
    expect(
      judge(spec, { executionStatus: 'COMPLETED', view: { ...view, status: 'COMPLETE' } }, [order('o1')]).wrong,
    ).toEqual(['status COMPLETE, expected PARTIAL']);
    expect(judge({ ...spec, loa: false }, end, [order('o1')]).wrong).toEqual([
      '1 LOA upload(s) where none was due',
      'loa UPLOADED, expected NONE',
    ]);
    expect(judge(spec, { executionStatus: 'TERMINATED' }, [order('o1')]).wrong).toEqual(['workflow ended TERMINATED']);
  });

  test(
    'requests submitted under faults, worker SIGKILLs and a Temporal restart all end right: none lost, duplicated or wrong',
    async () => {
      const seed = Math.floor(Math.random() * 2 ** 31);
      const lines: string[] = [];
      const result = await runChaos({ ...QUICK_RUN, seed, log: (line) => lines.push(line) });
      const story = `${lines.join('\n')}\n${figuresTable(result.figures)}\n${JSON.stringify(
        {
          problems: result.problems,
          open: result.open,
          notAccepted: result.notAccepted,
          strayOrders: result.strayOrders,
        },
        null,
        2,
      )}`;
      // The whole run's story in the failure message: seed, progress, figures, every problem.
      if (!result.ok)
        throw new Error(
          `chaos run failed (seed ${seed}; rerun: npx tsx chaos/run.ts --quick --seed ${seed}):\n${story}`,
        );

      expect(result.figures.requests).toMatchObject({
        total: QUICK_RUN.requests,
        accepted: QUICK_RUN.requests,
        ended: QUICK_RUN.requests,
        lost: 0,
        duplicated: 0,
        wrong: 0,
        strayOrders: 0,
      });
      // The faults it claims to survive did happen.
      expect(result.figures.crashes.workerKills).toBeGreaterThan(0);
      expect(result.figures.crashes.serverRestarts).toBe(1);
      expect(result.figures.faultsInjected.http5xx).toBeGreaterThan(0);
      expect(result.figures.faultsInjected.rateLimited).toBeGreaterThan(0);
    },
    9 * 60_000,
  );
});
