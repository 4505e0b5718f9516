/**
 * The notification's seam: the webhook read from its (secret) input, and the message POSTed through the
 * one HTTP request (../http/request.ts) with a short time limit and a bounded retry on a 5xx, a 429 or
 * a network error. It never throws and never fails the deploy: what could not be delivered is one
 * warning naming the format and the status — never the webhook's address, which is a secret (its path
 * holds the token), in no log line and no error.
 */
import { ConfigurationError, errnoCode } from '../errors.js';
import { httpRequest, RequestTimeoutError, ResponseTooLargeError } from '../http/request.js';
import type { Inputs } from '../inputs.js';
import { DEFAULT_RETRY, retry, type RetryPolicy } from '../retry.js';
import type { Runtime } from '../runtime/runtime.js';
import { detectFormat, notificationBody, type DeployOutcome, type NotifyFormat } from './message.js';

export interface NotifySettings {
  /** The webhook: a secret, never logged. */
  url: URL;
  format: NotifyFormat;
}

/** The notification's settings, or undefined without a `notify-webhook`. The value is never quoted. */
export function readNotifySettings(
  inputs: Pick<Inputs, 'notifyWebhook' | 'notifyFormat'>,
): NotifySettings | undefined {
  if (inputs.notifyWebhook === '') return undefined;
  let url: URL | undefined;
  try {
    url = new URL(inputs.notifyWebhook);
  } catch {
    url = undefined;
  }
  if (url === undefined || (url.protocol !== 'https:' && url.protocol !== 'http:')) {
    throw new ConfigurationError(
      'notify-webhook: expected the http(s) address of an incoming webhook (e.g. https://hooks.slack.com/services/…); the value is a secret, so it is not shown here',
      { key: 'notify-webhook', kind: 'invalid' },
    );
  }
  return { url, format: inputs.notifyFormat === 'auto' ? detectFormat(url) : inputs.notifyFormat };
}

export interface NotifyOptions {
  /** The retries' delays and sleep (default: 3 attempts, 1 s then 3 s apart). */
  retry?: RetryPolicy;
  /** Each attempt's bound. */
  timeoutMs?: number;
}

export const NOTIFY_RETRY: RetryPolicy = { ...DEFAULT_RETRY, delaysMs: [1000, 3000] };
export const NOTIFY_TIMEOUT_MS = 10_000;

/** A webhook's answer that was not 2xx. */
class WebhookStatusError extends Error {
  constructor(readonly status: number) {
    super(`HTTP ${status}`);
  }
}

/** Why an attempt failed, in words that cannot hold the address (no socket error's message). */
function describeFailure(error: unknown): string {
  if (error instanceof WebhookStatusError) return error.message;
  if (error instanceof RequestTimeoutError) return error.message;
  if (error instanceof ResponseTooLargeError) return 'an answer larger than berth reads';
  return errnoCode(error) ?? 'no connection';
}

function transient(error: unknown): boolean {
  if (error instanceof WebhookStatusError) return error.status >= 500 || error.status === 429;
  return !(error instanceof ResponseTooLargeError);
}

/**
 * Sends the deploy's message; true when the webhook took it. Every failure ends here as one warning
 * (the deploy's own result stands).
 */
export async function sendNotification(
  settings: NotifySettings,
  outcome: DeployOutcome,
  runtime: Runtime,
  options: NotifyOptions = {},
): Promise<boolean> {
  const who = `the notify webhook (${settings.format})`;
  const body = JSON.stringify(notificationBody(settings.format, outcome));
  const policy: RetryPolicy = {
    ...(options.retry ?? NOTIFY_RETRY),
    onRetry: (error, attempt, delay) =>
      runtime.info(`${who}: ${describeFailure(error)}; retry ${attempt} in ${delay} ms`),
  };
  let attempts = 0;
  try {
    await retry(
      async () => {
        attempts++;
        const res = await httpRequest(settings.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'user-agent': 'berth' },
          body,
          timeoutMs: options.timeoutMs ?? NOTIFY_TIMEOUT_MS,
          maxBodyBytes: 64 * 1024,
        });
        if (res.status < 200 || res.status >= 300) throw new WebhookStatusError(res.status);
      },
      transient,
      policy,
    );
    runtime.info(`${who}: message sent (${outcome.result})`);
    return true;
  } catch (error) {
    runtime.warning(
      `${who} did not take the message: ${describeFailure(error)} after ${attempts} attempt${attempts === 1 ? '' : 's'}. The deploy's result stands (${outcome.result}).`,
    );
    return false;
  }
}
