import { describe, expect, test } from '@jest/globals';
import { renderDeployRunFacts, type DeployRunFacts } from '../../src/report/deploy-summary.js';

const SHA = '0123456789abcdef0123456789abcdef01234567';
const PREVIOUS = 'ghcr.io/acme/shop@sha256:' + 'a'.repeat(64);

const facts = (over: Partial<DeployRunFacts> = {}): DeployRunFacts => ({
  action: 'deploy',
  component: 'backend',
  environment: 'production',
  environmentUrl: 'https://shop.example.com',
  serverUrl: 'https://github.com',
  repository: 'acme/shop',
  sha: SHA,
  actor: 'octocat',
  previous: PREVIOUS,
  ...over,
});

describe('renderDeployRunFacts', () => {
  test('a deploy: URL, linked commit, actor, previous version and the exact rollback', () => {
    expect(renderDeployRunFacts(facts({ pullRequest: 12 }))).toBe(
      [
        '- **URL**: [https:\u200b//shop.example.com](https://shop.example.com/)',
        `- **Commit**: [\`0123456\`](https://github.com/acme/shop/commit/${SHA})`,
        '- **Pull request**: [#12](https://github.com/acme/shop/pull/12)',
        '- **Triggered by**: octocat',
        `- **Previous version**: \`${PREVIOUS}\``,
        '',
        'To undo this deploy, run the berth rollback workflow:',
        '',
        '```sh',
        `gh workflow run berth-rollback.yml -f environment=production -f component=backend -f image=${PREVIOUS}`,
        '```',
        '',
      ].join('\n'),
    );
  });

  test.each<[string, Partial<DeployRunFacts>, string[], string[]]>([
    [
      'no public URL, no pull request, a first deploy',
      { environmentUrl: '', previous: '' },
      ['- **Previous version**: (none)', '-f component=backend\n```'],
      ['**URL**', '**Pull request**'],
    ],
    [
      'a URL that is not http(s) is not linked',
      { environmentUrl: 'javascript:alert(1)' },
      [],
      ['**URL**', 'javascript'],
    ],
    [
      'a URL with parentheses has them encoded in the link target',
      { environmentUrl: 'https://shop.example.com/a)(b' },
      ['](https://shop.example.com/a%29%28b)'],
      [],
    ],
    [
      'an actor and a previous version with Markdown are escaped',
      { actor: '@org/team <b>', previous: 'revision `3` [x](y)' },
      [
        '- **Triggered by**: @\u200borg/team &lt;b&gt;',
        '- **Previous version**: revision \\`3\\` \\[x\\](y)',
      ],
      ['-f image='],
    ],
    [
      'a Kubernetes revision: no image to name in the rollback',
      { previous: 'revision 4' },
      ['- **Previous version**: revision 4', '-f component=backend\n```'],
      ['-f image='],
    ],
    [
      'a repository or server that does not check out: the commit unlinked',
      { repository: 'acme/shop)(x', serverUrl: 'ftp://github.com', pullRequest: 3 },
      ['- **Commit**: `0123456`', '- **Pull request**: \\#\u200b3'],
      ['/commit/', '/pull/'],
    ],
    ['a sha that is not one: no commit line', { sha: 'main; rm -rf /' }, [], ['**Commit**', 'rm -rf']],
    ['no component: no rollback line', { component: '' }, [], ['gh workflow run']],
    [
      'a rollback says how to undo it',
      { action: 'rollback' },
      ['To undo this rollback, run the berth rollback workflow:'],
      [],
    ],
  ])('%s', (_name, over, present, absent) => {
    const text = renderDeployRunFacts(facts(over));
    for (const p of present) expect(text).toContain(p);
    for (const a of absent) expect(text).not.toContain(a);
  });
});
