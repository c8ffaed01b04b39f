import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';

export function registerSubscribe(program: Command, io: CliIo): void {
  program
    .command('subscribe')
    .summary("ensure Bandwidth's import-order subscription (talks to Bandwidth directly)")
    .description(
      'Makes sure Bandwidth calls this service back for import orders, at $PUBLIC_BASE_URL/webhooks/bandwidth/orders\n' +
        'with the webhook credentials. Unlike the other commands it does not call the HTTP API: it reads the\n' +
        "server's own configuration (BANDWIDTH_*, WEBHOOK_*, PUBLIC_BASE_URL, SANDBOX…, see the README) and talks\n" +
        'to Bandwidth (or the sandbox) directly. Finds the subscription by its URL; never creates a second one.',
    )
    .addHelpText('after', '\nExamples:\n  $ PUBLIC_BASE_URL=https://hostflow.example.com hostflow subscribe')
    .action(async (_options, command: Command) => {
      // Loaded here: the other commands need neither the server's configuration nor the Bandwidth client.
      const [{ loadConfig }, { bandwidthClientFromConfig }, { ensureOrderSubscription }, { createLogger }] =
        await Promise.all([
          import('../../config/index.js'),
          import('../../config/bandwidth-client.js'),
          import('../../api/webhook-subscription.js'),
          import('../../logging/logger.js'),
        ]);
      let config;
      try {
        config = loadConfig(io.env);
      } catch (error) {
        throw new CliError(`configuration: ${(error as Error).message}`, {
          code: 'HOSTFLOW_CONFIG_INVALID',
          cause: error,
        });
      }
      const result = await ensureOrderSubscription({
        bandwidth: bandwidthClientFromConfig(config),
        publicBaseUrl: config.publicBaseUrl,
        credentials: config.webhook
          ? { username: config.webhook.username, password: config.webhook.password }
          : undefined,
        logger: createLogger({ name: 'hostflow-cli', level: 'silent' }),
      });
      if (globalOptions(command).json) return printJson(io, { ...result, sandbox: config.sandbox.enabled });
      io.out(
        `subscription ${result.subscriptionId} ${result.action} for ${result.url}${config.sandbox.enabled ? ' (sandbox)' : ''}`,
      );
    });
}
