/**
 * A loopback stand-in for the CloudFront API (restXml, version 2020-05-31): CreateInvalidation answers
 * 201 with the Invalidation document and a Location, GetInvalidation reports InProgress, then Completed;
 * an unknown distribution gets CloudFront's NoSuchDistribution error. Every request is recorded, with the
 * invalidation batch's paths and caller reference read from its XML body.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface InvalidationRequest {
  method: string;
  path: string;
  authorization: string | undefined;
  body: string;
  paths: string[];
  callerReference: string;
}

const NS = 'http://cloudfront.amazonaws.com/doc/2020-05-31/';
const xmlEscape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export class CloudFrontStub {
  readonly requests: InvalidationRequest[] = [];
  url = '';
  /** GetInvalidation answers InProgress this many times before Completed. */
  inProgressPolls = 1;
  private server: Server | undefined;
  private created = 0;
  private readonly batches = new Map<string, { paths: string[]; callerReference: string; polls: number }>();

  constructor(readonly distributionId = 'E2QWRUHAPOMQZL') {}

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let body = '';
      req.setEncoding('utf8').on('data', (c: string) => (body += c));
      req.on('end', () => {
        const paths = [...body.matchAll(/<Path>([^<]*)<\/Path>/g)].map((m) => m[1] as string);
        const callerReference = /<CallerReference>([^<]*)<\/CallerReference>/.exec(body)?.[1] ?? '';
        this.requests.push({
          method: req.method ?? '',
          path: req.url ?? '',
          authorization: req.headers.authorization,
          body,
          paths,
          callerReference,
        });
        const m = /^\/2020-05-31\/distribution\/([^/]+)\/invalidation(?:\/([^/?]+))?$/.exec(req.url ?? '');
        const send = (status: number, xml: string, headers: Record<string, string> = {}): void => {
          res.writeHead(status, {
            'content-type': 'text/xml',
            'x-amz-request-id': 'stub-request',
            ...headers,
          });
          res.end(`<?xml version="1.0"?>\n${xml}`);
        };
        if (!m || m[1] !== this.distributionId) {
          send(
            404,
            `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NoSuchDistribution</Code><Message>The specified distribution does not exist.</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`,
          );
          return;
        }
        if (req.method === 'POST' && m[2] === undefined) {
          const id = `I${String(++this.created).padStart(13, '0')}`;
          this.batches.set(id, { paths, callerReference, polls: 0 });
          send(201, this.document(id, 'InProgress'), {
            location: `https://cloudfront.amazonaws.com/2020-05-31/distribution/${this.distributionId}/invalidation/${id}`,
          });
          return;
        }
        const batch = m[2] === undefined ? undefined : this.batches.get(m[2]);
        if (req.method === 'GET' && batch && m[2] !== undefined) {
          batch.polls += 1;
          send(200, this.document(m[2], batch.polls > this.inProgressPolls ? 'Completed' : 'InProgress'));
          return;
        }
        send(
          404,
          `<ErrorResponse xmlns="${NS}"><Error><Type>Sender</Type><Code>NoSuchInvalidation</Code><Message>The specified invalidation does not exist.</Message></Error><RequestId>stub-request</RequestId></ErrorResponse>`,
        );
      });
    });
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  private document(id: string, status: string): string {
    const batch = this.batches.get(id) ?? { paths: [], callerReference: '' };
    return [
      `<Invalidation xmlns="${NS}">`,
      `<Id>${id}</Id><Status>${status}</Status><CreateTime>2026-11-22T10:00:00.000Z</CreateTime>`,
      '<InvalidationBatch><Paths>',
      `<Quantity>${batch.paths.length}</Quantity>`,
      `<Items>${batch.paths.map((p) => `<Path>${xmlEscape(p)}</Path>`).join('')}</Items>`,
      `</Paths><CallerReference>${xmlEscape(batch.callerReference)}</CallerReference></InvalidationBatch>`,
      '</Invalidation>',
    ].join('');
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}
