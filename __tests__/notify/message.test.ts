/** The notification's pure builders: escaping, mentions, bounds, the outcome model and each format. */
import { describe, expect, test } from '@jest/globals';
import {
  deployOutcome,
  describeDuration,
  detectFormat,
  discordMessage,
  escapeDiscord,
  escapeSlack,
  jsonMessage,
  lastLogLines,
  LINE_CHARS,
  publicUrl,
  redactOutcome,
  runLink,
  slackMessage,
  type DeployFacts,
} from '../../src/notify/message.js';

const facts: DeployFacts = {
  action: 'deploy',
  app: 'shop',
  environment: 'production',
  component: 'shop',
  image: 'ghcr.io/acme/shop:given',
  outputs: {
    'image-ref': 'ghcr.io/acme/shop@sha256:abc',
    url: 'https://shop.example.com/',
    'duration-ms': '41200',
  },
  startedAt: 1_000,
  finishedAt: 50_000,
  serverUrl: 'https://github.com/',
  repository: 'acme/shop',
  runId: '1234',
  commit: 'ffac537e6cbbf934b08745a378932722df287a53',
};

test.each([
  ['https://hooks.slack.com/services/T0/B0/x', 'slack'],
  ['https://HOOKS.SLACK.COM/services/T0/B0/x', 'slack'],
  ['https://discord.com/api/webhooks/1/x', 'discord'],
  ['https://discordapp.com/api/webhooks/1/x', 'discord'],
  ['https://discord.com/channels/1', 'json'],
  ['https://hooks.slack.com.evil.example/services/x', 'json'],
  ['https://example.com/hook', 'json'],
])('detectFormat(%s) = %s', (url, format) => {
  expect(detectFormat(new URL(url))).toBe(format);
});

test.each([
  ['a & b <c> d', 'a &amp; b &lt;c&gt; d'],
  ['<!channel> wake up', '&lt;!channel&gt; wake up'],
  ['<@U123> and <#C1|x>', '&lt;@U123&gt; and &lt;#C1|x&gt;'],
  ['hi @here and @channel', 'hi @\u200bhere and @\u200bchannel'],
  ['plain text', 'plain text'],
])('escapeSlack(%j)', (input, expected) => {
  expect(escapeSlack(input)).toBe(expected);
});

test.each([
  ['**bold** _it_ ~s~ `c`', '\\*\\*bold\\*\\* \\_it\\_ \\~s\\~ \\`c\\`'],
  ['[link](https://evil)', '\\[link\\]\\(https://evil\\)'],
  ['@everyone @here', '@\u200beveryone @\u200bhere'],
  ['<@123> <@&456> <#7>', '\\<\u200b@123\\> \\<\u200b@&456\\> \\<\\#7\\>'],
  ['> quote', '\\> quote'],
])('escapeDiscord(%j)', (input, expected) => {
  expect(escapeDiscord(input)).toBe(expected);
});

test.each([
  ['one line', ['one line']],
  ['a\n\n  \nb\r\nc  ', ['a', 'b', 'c']],
  [
    Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n'),
    Array.from({ length: 10 }, (_, i) => `line ${i + 20}`),
  ],
])('lastLogLines(%j)', (text, lines) => {
  expect(lastLogLines(text)).toEqual(lines);
});

test('a long line is cut at LINE_CHARS', () => {
  const [line] = lastLogLines('x'.repeat(5000));
  expect(line).toHaveLength(LINE_CHARS);
  expect(line?.endsWith('…')).toBe(true);
});

test.each([
  ['https://shop.example.com/', 'https://shop.example.com/'],
  ['http://127.0.0.1:18080', ''],
  ['http://localhost:8080/', ''],
  ['http://[::1]:8080/', ''],
  ['http://shop.default.svc', ''],
  ['/srv/www/shop/releases/2', ''],
  ['', ''],
])('publicUrl(%j) = %j', (url, expected) => {
  expect(publicUrl(url)).toBe(expected);
});

test.each([
  ['https://github.com/', 'acme/shop', '1234', 'https://github.com/acme/shop/actions/runs/1234'],
  ['https://ghe.example.com', 'acme/shop', '9', 'https://ghe.example.com/acme/shop/actions/runs/9'],
  ['', 'acme/shop', '1234', ''],
  ['https://github.com', 'acme/shop', '', ''],
])('runLink(%s, %s, %s)', (server, repo, run, link) => {
  expect(runLink(server, repo, run)).toBe(link);
});

test.each([
  [0, '0 s'],
  [41_200, '41 s'],
  [185_000, '3 min 5 s'],
])('describeDuration(%d) = %s', (ms, text) => {
  expect(describeDuration(ms)).toBe(text);
});

describe('deployOutcome', () => {
  test('a deploy: the image that went live, the stated duration, the public address, the run', () => {
    expect(deployOutcome(facts)).toEqual({
      action: 'deploy',
      result: 'deployed',
      app: 'shop',
      environment: 'production',
      component: 'shop',
      version: 'ghcr.io/acme/shop@sha256:abc',
      durationMs: 41200,
      url: 'https://shop.example.com/',
      runUrl: 'https://github.com/acme/shop/actions/runs/1234',
      repository: 'acme/shop',
      commit: facts.commit,
      failedStep: '',
      lastLines: [],
      finishedAt: '1970-01-01T00:00:50.000Z',
    });
  });

  test.each([
    [
      'the environment-url (the config’s public address) over a loopback upstream',
      { 'environment-url': 'https://shop.example.com/', url: 'http://127.0.0.1:18081' },
      'https://shop.example.com/',
    ],
    [
      'a public upstream when there is no environment-url',
      { 'environment-url': '', url: 'https://shop.example.com/' },
      'https://shop.example.com/',
    ],
    [
      'no address when the upstream is loopback and no environment-url is set',
      { 'environment-url': '', url: 'http://127.0.0.1:18081' },
      '',
    ],
  ])('the address: %s', (_what, outputs, url) => {
    expect(deployOutcome({ ...facts, outputs }).url).toBe(url);
  });

  test('a rollback is "rolled back"', () => {
    expect(deployOutcome({ ...facts, action: 'rollback' }).result).toBe('rolled back');
  });

  test('a failure: the image it was given, the time until it failed, the step and the last lines', () => {
    const o = deployOutcome({
      ...facts,
      outputs: {},
      failure: { message: 'starting the green colour\nexit 1: listen EADDRINUSE', step: 'start' },
    });
    expect(o).toMatchObject({
      result: 'failed',
      version: 'ghcr.io/acme/shop:given',
      durationMs: 49_000,
      url: '',
      failedStep: 'start',
      lastLines: ['starting the green colour', 'exit 1: listen EADDRINUSE'],
    });
  });
});

test('redactOutcome replaces each secret everywhere, the longer first', () => {
  const o = deployOutcome({
    ...facts,
    outputs: {},
    failure: { message: 'login with s3cr3t-pass-longer failed; s3cr3t-pass too', step: 'pull' },
  });
  expect(redactOutcome(o, ['s3cr3t-pass', 's3cr3t-pass-longer', 'ab']).lastLines).toEqual([
    'login with *** failed; *** too',
  ]);
});

describe('slackMessage', () => {
  const failed = deployOutcome({
    ...facts,
    app: 'shop<!channel>',
    outputs: {},
    failure: { message: 'boom `x` & <@U1>', step: 'health' },
  });

  test('a success: the fallback text, the facts as fields, the links in the context', () => {
    const m = slackMessage(deployOutcome(facts));
    expect(m.text).toBe('shop deployed to production');
    expect(m.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: ':white_check_mark: *shop deployed to production*' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*App*\nshop' },
          { type: 'mrkdwn', text: '*Environment*\nproduction' },
          { type: 'mrkdwn', text: '*Version*\nghcr.io/acme/shop@sha256:abc' },
          { type: 'mrkdwn', text: '*Result*\ndeployed' },
          { type: 'mrkdwn', text: '*Duration*\n41 s' },
          { type: 'mrkdwn', text: '*Commit*\nffac537e6cbb' },
        ],
      },
      {
        type: 'context',
        elements: [
          {
            type: 'mrkdwn',
            text: '<https://shop.example.com/|https://shop.example.com/> · <https://github.com/acme/shop/actions/runs/1234|the run>',
          },
        ],
      },
    ]);
  });

  test('a failure: the step, the lines in a code block that cannot be closed early, all escaped', () => {
    const m = slackMessage(failed);
    expect(m.text).toBe('Deploy of shop&lt;!channel&gt; (shop) to production failed');
    expect(m.blocks[2]).toEqual({
      type: 'section',
      text: { type: 'mrkdwn', text: "Failed in step *health*\n```boom 'x' &amp; &lt;@U1&gt;```" },
    });
    expect(JSON.stringify(m)).not.toContain('<!channel>');
  });
});

describe('discordMessage', () => {
  test('one embed: title, colour, the facts, the run as its link, nothing may ping', () => {
    const m = discordMessage(deployOutcome(facts));
    expect(m.allowed_mentions).toEqual({ parse: [] });
    expect(m.embeds).toEqual([
      {
        title: 'shop deployed to production',
        description: 'Address: https://shop.example.com/',
        color: 0x2ea043,
        fields: [
          { name: 'App', value: 'shop', inline: true },
          { name: 'Environment', value: 'production', inline: true },
          { name: 'Version', value: 'ghcr.io/acme/shop@sha256:abc', inline: false },
          { name: 'Result', value: 'deployed', inline: true },
          { name: 'Duration', value: '41 s', inline: true },
          { name: 'Commit', value: 'ffac537e6cbb', inline: true },
        ],
        url: 'https://github.com/acme/shop/actions/runs/1234',
        timestamp: '1970-01-01T00:00:50.000Z',
      },
    ]);
  });

  test('a failure: the step and the lines in a code block, mentions inert', () => {
    const m = discordMessage(
      deployOutcome({ ...facts, outputs: {}, failure: { message: '@everyone ```x``` <@1>', step: 'pull' } }),
    );
    expect(m.embeds[0]?.color).toBe(0xd1242f);
    expect(m.embeds[0]?.description).toBe(
      "Failed in step **pull**.\n```\n@\u200beveryone '''x''' <\u200b@1>\n```",
    );
  });

  test('no run link outside a run: no url key', () => {
    expect(discordMessage(deployOutcome({ ...facts, serverUrl: '' })).embeds[0]).not.toHaveProperty('url');
  });

  test('a field is bounded by Discord’s 1024', () => {
    const m = discordMessage(deployOutcome({ ...facts, outputs: { 'image-ref': 'x'.repeat(3000) } }));
    expect(m.embeds[0]?.fields.find((f) => f.name === 'Version')?.value).toHaveLength(1024);
  });
});

test('jsonMessage: the documented document', () => {
  expect(jsonMessage(deployOutcome(facts))).toEqual({
    berth: 'deploy',
    version: 1,
    action: 'deploy',
    result: 'deployed',
    app: 'shop',
    environment: 'production',
    component: 'shop',
    image: 'ghcr.io/acme/shop@sha256:abc',
    durationMs: 41200,
    url: 'https://shop.example.com/',
    runUrl: 'https://github.com/acme/shop/actions/runs/1234',
    repository: 'acme/shop',
    commit: facts.commit,
    failedStep: '',
    lastLines: [],
    finishedAt: '1970-01-01T00:00:50.000Z',
  });
});
