import { describe, expect, test } from '@jest/globals';
import { findBerthComment, upsertSection } from '../../src/github/comment.js';
import { parseSections, renderComment, replaceSection } from '../../src/report/pr-comment.js';
import { FakeGitHub, issueComment, issueCommentUrl } from '../helpers/fake-github.js';

const PR = 7;
const berthBody = (entries: Array<[string, string]>): string => renderComment(new Map(entries));

describe('upsertSection', () => {
  test('creates the comment when the pull request has none', async () => {
    const github = new FakeGitHub({ comments: { [PR]: [issueComment(1, PR, 'LGTM', 'octocat')] } });
    const result = await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%' });
    expect(result).toEqual({ action: 'created', url: issueCommentUrl(PR, 1000) });
    expect(github.calls).toEqual([`list-comments ${PR}`, `create-comment ${PR}`]);
    expect(github.comments.get(PR)?.[1]?.body).toBe(berthBody([['coverage', '90%']]));
  });

  test('updates its section in the existing comment', async () => {
    const github = new FakeGitHub({
      comments: { [PR]: [issueComment(5, PR, berthBody([['coverage', '80%']]))] },
    });
    const result = await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%' });
    expect(result).toEqual({ action: 'updated', url: issueCommentUrl(PR, 5) });
    expect(github.calls).toEqual([`list-comments ${PR}`, 'get-comment 5', 'update-comment 5']);
    expect(github.comments.get(PR)?.[0]?.body).toBe(berthBody([['coverage', '90%']]));
  });

  test('leaves an unchanged comment alone', async () => {
    const github = new FakeGitHub({
      comments: { [PR]: [issueComment(5, PR, berthBody([['coverage', '90%']]))] },
    });
    const result = await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%\n' });
    expect(result).toEqual({ action: 'unchanged', url: issueCommentUrl(PR, 5) });
    expect(github.calls).toEqual([`list-comments ${PR}`]);
  });

  test('a second section joins the existing comment and keeps the first', async () => {
    const github = new FakeGitHub();
    await upsertSection(github, { issueNumber: PR, section: 'quality-gate', markdown: 'gate passed' });
    const result = await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%' });
    expect(result.action).toBe('updated');
    expect(github.comments.get(PR)).toHaveLength(1);
    expect([...parseSections(github.comments.get(PR)?.[0]?.body ?? '')]).toEqual([
      ['coverage', '90%'],
      ['quality-gate', 'gate passed'],
    ]);
  });

  test('merges into the body as re-read right before the PATCH (another job wrote meanwhile)', async () => {
    const github = new FakeGitHub({
      comments: { [PR]: [issueComment(5, PR, berthBody([['coverage', '80%']]))] },
      concurrentEdits: { 5: (body) => replaceSection(body, 'quality-gate', 'gate failed') },
    });
    await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%' });
    expect([...parseSections(github.comments.get(PR)?.[0]?.body ?? '')]).toEqual([
      ['coverage', '90%'],
      ['quality-gate', 'gate failed'],
    ]);
  });

  test('no PATCH when the re-read body already holds the section', async () => {
    const github = new FakeGitHub({
      comments: { [PR]: [issueComment(5, PR, berthBody([['coverage', '80%']]))] },
      concurrentEdits: { 5: (body) => replaceSection(body, 'coverage', '90%') },
    });
    const result = await upsertSection(github, { issueNumber: PR, section: 'coverage', markdown: '90%' });
    expect(result.action).toBe('unchanged');
    expect(github.calls).toEqual([`list-comments ${PR}`, 'get-comment 5']);
  });
});

describe('findBerthComment', () => {
  const marked = berthBody([['coverage', 'x']]);
  test.each<[string, ReturnType<typeof issueComment>[], number | undefined]>([
    ['none', [issueComment(1, PR, 'hello', 'octocat')], undefined],
    [
      'the first that starts with the marker',
      [issueComment(1, PR, 'hi'), issueComment(2, PR, marked), issueComment(3, PR, marked)],
      2,
    ],
    ['a quote of the marker does not count', [issueComment(1, PR, `> ${marked}`, 'octocat')], undefined],
    [
      'a bot comment before a person’s copy',
      [issueComment(1, PR, marked, 'octocat'), issueComment(2, PR, marked)],
      2,
    ],
    ['a person’s comment when no bot wrote one (a PAT)', [issueComment(1, PR, marked, 'octocat')], 1],
  ])('%s', (_, comments, id) => {
    expect(findBerthComment(comments)?.id).toBe(id);
  });
});
