import { Context } from '@temporalio/activity';

/**
 * No-op activities for the baseline workflows: they return the shapes hostflow's activities
 * return (so payloads are alike) without doing anything. `onOrderCreated` lets the harness send
 * the notification signal the moment the "order" exists, as Bandwidth's webhook would.
 */
export function createBareActivities(hooks: { onOrderCreated?: (workflowId: string, orderId: string) => void } = {}) {
  return {
    async checkImportability(input: {
      telephoneNumbers: string[];
      siteId?: string;
    }): Promise<{ importable: string[]; rejected: [] }> {
      return { importable: input.telephoneNumbers, rejected: [] };
    },

    async createImportOrder(input: {
      customerOrderId: string;
      telephoneNumbers: string[];
    }): Promise<{ orderId: string; processingStatus: 'RECEIVED'; telephoneNumbers: string[] }> {
      const orderId = `bare-${input.customerOrderId}`;
      const { workflowExecution, workflowType } = Context.current().info;
      // Only the webhook-shaped workflow hears about its order; the polling design finds out by polling.
      if (workflowExecution && workflowType === 'bareHostingRequest')
        hooks.onOrderCreated?.(workflowExecution.workflowId, orderId);
      return { orderId, processingStatus: 'RECEIVED', telephoneNumbers: input.telephoneNumbers };
    },

    async readOrder(input: {
      orderId: string;
      poll: number;
      endsOnPoll: number;
    }): Promise<{ orderId: string; ended: boolean }> {
      return { orderId: input.orderId, ended: input.poll >= input.endsOnPoll };
    },

    async uploadLoa(input: { orderId: string }): Promise<{ filename: string }> {
      return { filename: `${input.orderId}.pdf` };
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
