import express, { Router, type NextFunction, type Request, type Response } from 'express';
import type { SandboxContext } from '../context.js';
import { errorMessage } from '../errors.js';
import { FaultConfigError } from '../fault-config.js';
import { loseNumber } from '../messaging-lost.js';
import type {
  ImportOrder,
  RemovalOrder,
  SandboxOrder,
  SandboxOrderView,
  SandboxRemovalView,
  SandboxTnOptionView,
  TnOptionOrder,
} from '../model.js';

export function orderView(order: ImportOrder): SandboxOrderView {
  return {
    orderId: order.orderId,
    ...(order.customerOrderId !== undefined ? { customerOrderId: order.customerOrderId } : {}),
    processingStatus: order.processingStatus,
    telephoneNumbers: [...order.telephoneNumbers],
    loas: order.loas.map((file) => ({ filename: file.filename, contentType: file.contentType, bytes: file.bytes })),
  };
}

export function removalView(order: RemovalOrder): SandboxRemovalView {
  return {
    orderId: order.orderId,
    ...(order.customerOrderId !== undefined ? { customerOrderId: order.customerOrderId } : {}),
    processingStatus: order.processingStatus,
    telephoneNumbers: [...order.telephoneNumbers],
    errors: order.errors.map((failure) => ({ ...failure, telephoneNumbers: [...failure.telephoneNumbers] })),
  };
}

export function tnOptionView(order: TnOptionOrder): SandboxTnOptionView {
  return {
    orderId: order.orderId,
    ...(order.customerOrderId !== undefined ? { customerOrderId: order.customerOrderId } : {}),
    processingStatus: order.processingStatus,
    groups: order.groups.map((group) => ({
      ...(group.sms !== undefined ? { sms: group.sms } : {}),
      ...(group.a2p ? { action: group.a2p.action } : {}),
      ...(group.a2p?.campaignId !== undefined ? { campaignId: group.a2p.campaignId } : {}),
      telephoneNumbers: [...group.telephoneNumbers],
    })),
    errors: order.errors.flatMap((failure) =>
      failure.telephoneNumbers.map((telephoneNumber) => ({
        code: failure.code,
        description: failure.description,
        telephoneNumber,
      })),
    ),
    warnings: order.warnings.map((warning) => ({ ...warning })),
  };
}

function findAnyOrder(context: SandboxContext, orderId: string): SandboxOrder | undefined {
  return (
    context.store.importOrders.get(orderId) ??
    context.store.removalOrders.get(orderId) ??
    context.store.tnOptionOrders.get(orderId)
  );
}

const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '[::1]', '::1']);

/**
 * The test surface answers only requests that name the server's own host (or a loopback name):
 * a web page that rebinds some other name to this address cannot read or reset the sandbox.
 */
function ownHostOnly(host: string | undefined) {
  const allowed = new Set(LOOPBACK_HOSTS);
  if (host && host !== '0.0.0.0' && host !== '::') allowed.add(host.includes(':') ? `[${host}]` : host).add(host);
  return (req: Request, res: Response, next: NextFunction) => {
    const named = (req.get('host') ?? '').replace(/:\d+$/, '').toLowerCase();
    if (allowed.has(named)) next();
    else res.status(404).json({ error: 'not_found' });
  };
}

/**
 * `/_sandbox/*`: JSON inspection and control for tests and operators. No Bandwidth credentials —
 * it is not part of the imitated API.
 */
export function inspectionRoutes(context: SandboxContext): Router {
  const router = Router();
  router.use(ownHostOnly(context.options.host));
  router.use(express.json({ limit: '100kb' }));

  router.get('/orders', (_req, res) => {
    res.json([...context.store.importOrders.values()].map(orderView));
  });
  router.get('/removals', (_req, res) => {
    res.json([...context.store.removalOrders.values()].map(removalView));
  });
  router.get('/tnoptions', (_req, res) => {
    res.json([...context.store.tnOptionOrders.values()].map(tnOptionView));
  });
  router.post('/numbers/:tn/lose', (req, res) => {
    const outcome = loseNumber(context, String(req.params.tn));
    if (outcome.lost) res.status(202).json(outcome);
    else res.status(404).json({ error: 'not_found', message: outcome.reason });
  });
  router.post('/orders/:orderId/notes', (req, res) => {
    const order = findAnyOrder(context, String(req.params.orderId));
    const note = (req.body as { note?: unknown } | undefined)?.note;
    if (!order) {
      res.status(404).json({ error: 'not_found', message: `no order ${String(req.params.orderId)}` });
      return;
    }
    if (typeof note !== 'string' || note.trim() === '') {
      res.status(400).json({ error: 'bad_request', message: 'the body must be {"note": "…"}' });
      return;
    }
    void context.lifecycle.addNote(order, note);
    res.status(202).json({ orderId: order.orderId, note });
  });
  router.get('/notifications', (_req, res) => {
    res.json(context.store.deliveries);
  });
  router.get('/requests', (_req, res) => {
    res.json(context.requests.list());
  });
  router.get('/tokens', (_req, res) => {
    res.json(context.tokens.issued());
  });
  router.post('/reset', (_req, res) => {
    context.reset();
    res.status(204).end();
  });
  router.get('/faults', (_req, res) => {
    res.json(context.faults.view());
  });
  router.put('/faults', (req, res) => {
    try {
      res.json(context.faults.configure(req.body));
    } catch (error) {
      if (!(error instanceof FaultConfigError)) throw error;
      res.status(400).json({ error: error.code, message: error.message, issues: error.issues });
    }
  });
  router.delete('/faults', (_req, res) => {
    context.faults.clear();
    res.status(204).end();
  });
  router.use((_req: Request, res: Response) => {
    res.status(404).json({ error: 'not_found' });
  });
  router.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => {
    const status = (error as { status?: number }).status;
    const clientError = typeof status === 'number' && status >= 400 && status < 500;
    res.status(clientError ? status : 500).json({
      error: clientError ? 'bad_request' : 'internal_error',
      message: errorMessage(error),
    });
  });
  return router;
}
