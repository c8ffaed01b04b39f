import type { Command } from 'commander';
import { CliError } from '../errors.js';
import { globalOptions } from '../global-options.js';
import { printJson, type CliIo } from '../io.js';

export function registerSubscribe(program: Command, io: CliIo): void {
  program
    .command('subscribe')
    .summary("ensure Bandwidth's subscriptions (talks to Bandwidth directly, as the worker does)")
    .description(
      'Makes sure Bandwidth calls this service back (import orders, at $PUBLIC_BASE_URL/webhooks/bandwidth/orders)\n' +
        'with the webhook credentials, as the worker does at startup. Unlike the other commands it does not call the\n' +
        "HTTP API: it reads the worker's configuration (BANDWIDTH_*, WEBHOOK_*, PUBLIC_BASE_URL, SANDBOX…, see the\n" +
        'README) and talks to Bandwidth (or the sandbox) directly. Finds each subscription by its URL; never creates a\n' +
        'second one.',
    )
    .addHelpText('after', '\nExamples:\n  $ PUBLIC_BASE_URL=https://hostflow.example.com hostflow subscribe')
    .action(async (_options, command: Command) => {
      // Loaded here: the other commands need neither the server's configuration nor the Bandwidth client.
      const [{ loadConfig }, { bandwidthClientFromConfig }, { ensureBandwidthSubscriptions }, { createLogger }] =
        await Promise.all([
          import('../../config/index.js'),
          import('../../config/bandwidth-client.js'),
          import('../../worker/bandwidth-subscriptions.js'),
          import('../../logging/logger.js'),
        ]);
      let config;
      try {
        // What the worker needs (Bandwidth and webhook credentials, PUBLIC_BASE_URL), not the API's keys.
        config = loadConfig(io.env, { role: 'worker' });
      } catch (error) {
        throw new CliError(`configuration: ${(error as Error).message}`, {
          code: 'HOSTFLOW_CONFIG_INVALID',
          cause: error,
        });
      }
      const results = await ensureBandwidthSubscriptions({
        bandwidth: bandwidthClientFromConfig(config),
        publicBaseUrl: config.publicBaseUrl,
        credentials: config.webhook
          ? { username: config.webhook.username, password: config.webhook.password }
          : undefined,
        logger: createLogger({ name: 'hostflow-cli', level: 'silent' }),
      });
      if (globalOptions(command).json) {
        // The import-order subscription's fields stay at the top, as before there were several.
        const { name: _name, ...first } = results[0]!;
        return printJson(io, { ...first, sandbox: config.sandbox.enabled, subscriptions: results });
      }
      for (const result of results)
        io.out(
          `subscription ${result.subscriptionId} ${result.action} for ${result.url}${config.sandbox.enabled ? ' (sandbox)' : ''}`,
        );
    });
}
