// Failures of the live check, each turned into one line that says what went wrong and what to do.
// Messages name the profile, the action and the endpoint host, and nothing secret: the SDK's own
// error text is never passed through, since it can quote request details.

export type LiveErrorKind = 'no-credentials' | 'expired-token' | 'access-denied' | 'throttled' | 'timeout' | 'network' | 'cancelled' | 'failed';

/** The IAM actions the check needs; all four are read-only. */
export const READ_ACTIONS = ['route53:ListHostedZonesByName', 'route53:ListResourceRecordSets', 'route53:ListHealthChecks', 'route53:GetHealthCheckStatus'] as const;

export class LiveCheckError extends Error {
  constructor(
    readonly kind: LiveErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'LiveCheckError';
  }
}

interface Context {
  /** The API action that failed, e.g. ListResourceRecordSets. */
  action: string;
  profile?: string;
  endpoint?: string;
  timeoutMs: number;
}

/** Classifies an SDK or network error. Already-classified errors pass through. */
export function classify(err: unknown, ctx: Context): LiveCheckError {
  if (err instanceof LiveCheckError) return err;
  const e = (err ?? {}) as { name?: unknown; code?: unknown; Code?: unknown; $metadata?: { httpStatusCode?: number }; cause?: unknown };
  const name = String(e.name ?? '');
  const code = String(e.code ?? e.Code ?? '');
  const who = ctx.profile ? `profile "${ctx.profile}"` : 'the default credentials';
  const login = ctx.profile ? `aws sso login --profile ${ctx.profile}` : 'aws sso login';
  if (name === 'AbortError' || code === 'ABORT_ERR') return new LiveCheckError('cancelled', 'Live Route 53 check cancelled.');
  if (name === 'CredentialsProviderError' || /Could not load credentials|credential/i.test(name)) {
    return new LiveCheckError(
      'no-credentials',
      `No AWS credentials found for ${who}. Sign in (\`${login}\`, or \`aws configure\`), or set multiRegionReview.live.profile to a profile of ~/.aws/config.`,
    );
  }
  if (/^(ExpiredToken|ExpiredTokenException|RequestExpired|TokenRefreshRequired|InvalidClientTokenId|UnrecognizedClientException|SignatureDoesNotMatch)$/.test(name) || /SSO.*(expired|token)/i.test(name)) {
    return new LiveCheckError('expired-token', `The AWS session of ${who} has expired or is not valid. Sign in again (\`${login}\`) and rerun the check.`);
  }
  if (/^(AccessDenied|AccessDeniedException|NotAuthorized|UnauthorizedOperation)$/.test(name) || e.$metadata?.httpStatusCode === 403) {
    return new LiveCheckError(
      'access-denied',
      `Access denied for route53:${ctx.action} with ${who}. The check needs these read-only permissions: ${READ_ACTIONS.join(', ')}.`,
    );
  }
  if (/^(Throttling|ThrottlingException|PriorRequestNotComplete|TooManyRequestsException|RequestLimitExceeded)$/.test(name)) {
    return new LiveCheckError('throttled', `Route 53 kept throttling route53:${ctx.action} after several retries with backoff. Wait a minute and rerun the check.`);
  }
  if (name === 'TimeoutError' || /^(ETIMEDOUT|ESOCKETTIMEDOUT|UND_ERR_.*TIMEOUT)$/.test(code)) {
    return new LiveCheckError(
      'timeout',
      `route53:${ctx.action} did not answer within ${Math.round(ctx.timeoutMs / 100) / 10} s${hostOf(ctx.endpoint)}. Check the network or proxy, or raise multiRegionReview.live.timeoutMs.`,
    );
  }
  const net = networkCode(err);
  if (net) {
    return new LiveCheckError('network', `Could not reach Route 53${hostOf(ctx.endpoint)} (${net}). Check the network connection, proxy or VPN, and multiRegionReview.live.endpoint.`);
  }
  const label = name && name !== 'Error' ? name : 'an unexpected error';
  return new LiveCheckError('failed', `route53:${ctx.action} failed with ${label}. Rerun the check; if it keeps failing, see the output channel.`);
}

function networkCode(err: unknown, depth = 0): string | undefined {
  if (!err || typeof err !== 'object' || depth > 3) return undefined;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|EPIPE|ECONNABORTED)$/.test(code)) return code;
  return networkCode((err as { cause?: unknown }).cause, depth + 1);
}

function hostOf(endpoint: string | undefined): string {
  if (!endpoint) return '';
  try {
    return ` at ${new URL(endpoint).host}`;
  } catch {
    return '';
  }
}
