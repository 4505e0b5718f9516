/**
 * Plain manifests: parsing as kubectl reads YAML, the namespace rules, the image pinned by digest, the
 * release records (encoded, read back, the next revision, which are pruned, where a rollback goes), the
 * notes on unavailability, and the directory read in path order. Table tests.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, test } from '@jest/globals';
import {
  contentOf,
  decodeRecord,
  deploymentsOf,
  encodeRecord,
  liveRecord,
  manifestList,
  nextRevision,
  objectKey,
  objectsNotIn,
  parseManifests,
  pinImages,
  placeInNamespace,
  readManifestDir,
  readRecords,
  recordsToPrune,
  rollbackRecord,
  secretValues,
  unavailabilityNotes,
  unwatchedWorkloads,
  type ManifestObject,
  type RecordStatus,
  type ReleaseRecord,
} from '../../../src/deploy/kubernetes/manifests.js';
import { ConfigurationError } from '../../../src/errors.js';
import { readSecrets } from '../../../src/kubernetes/objects.js';
import { ROOT } from '../../helpers/run-dist.js';

const DIGEST = `sha256:${'b'.repeat(64)}`;
const IMAGE = `registry.example.com/shop/web@${DIGEST}`;

const parse = (text: string, name = 'deploy/app.yaml'): ManifestObject[] => parseManifests([{ name, text }]);
const one = (text: string): Record<string, unknown> => (parse(text)[0] as ManifestObject).object;

function refusal(fn: () => unknown): ConfigurationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

const deployment = (image: string, extra = ''): string => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  replicas: 2
${extra}  template:
    spec:
      initContainers:
        - name: migrate
          image: ${image}
      containers:
        - name: web
          image: ${image}
        - name: proxy
          image: envoyproxy/envoy:v1.31
`;

describe('parsing', () => {
  test('documents of every file in order, empty ones skipped, a List flattened', () => {
    const objects = parseManifests([
      {
        name: 'k8s/a.yaml',
        text: '---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\n---\napiVersion: v1\nkind: Service\nmetadata: {name: b}\n',
      },
      { name: 'k8s/b.yml', text: '' },
      {
        name: 'k8s/c.yaml',
        text: 'apiVersion: v1\nkind: List\nitems:\n  - {apiVersion: v1, kind: Secret, metadata: {name: c}}\n',
      },
    ]);
    expect(objects.map((o) => [o.source, o.object.kind])).toEqual([
      ['k8s/a.yaml, document 1', 'ConfigMap'],
      ['k8s/a.yaml, document 3', 'Service'],
      ['k8s/c.yaml, document 1, item 1', 'Secret'],
    ]);
  });

  test.each([
    ['mode: 0644', 420],
    ['mode: 0o644', '0o644'],
    ['flag: yes', true],
    ['flag: off', false],
    ['when: 2024-01-01', '2024-01-01'],
    ['at: 12:30', '12:30'],
    ['port: 8080', 8080],
    ['text: "0644"', '0644'],
  ])('as kubectl reads YAML 1.1: %s', (line, want) => {
    const o = one(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nx:\n  ${line}\n`);
    expect(Object.values(o.x as Record<string, unknown>)[0]).toEqual(want);
  });

  test.each([
    ['- a\n- b\n', 'deploy/app.yaml, document 1 is not an object'],
    ['kind: ConfigMap\nmetadata: {name: a}\n', 'deploy/app.yaml, document 1 has no apiVersion'],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\n',
      'deploy/app.yaml, document 2 has no metadata.name',
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\nkind: Secret\n',
      'document 1 is not valid YAML (line 4)',
    ],
    ['apiVersion: v1\nkind: ConfigMap\nmetadata: {name: {{ .Values.name }}}\n', 'looks like a Helm template'],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: &m {name: a}\ndata: *m\n',
      'document 1: Alias resolution is disabled (YAML aliases are not read)',
    ],
    [
      'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nmetadata: {name: k}\n',
      'is a kustomization',
    ],
  ])('%j is refused: %s', (text, message) => {
    const error = refusal(() => parse(text));
    expect(error.keys).toEqual(['manifests']);
    expect(error.message).toContain(message);
  });
});

describe('the namespace', () => {
  const cm = (meta: string): ManifestObject[] =>
    parse(`apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a${meta}}\n`);

  test('an object without one gets the release’s; one naming it is kept', () => {
    expect(placeInNamespace(cm(''), 'shop')[0]?.object.metadata).toEqual({ name: 'a', namespace: 'shop' });
    expect(placeInNamespace(cm(', namespace: shop'), 'shop')[0]?.object.metadata).toEqual({
      name: 'a',
      namespace: 'shop',
    });
  });

  test.each([
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: other}\n',
      'deploy/app.yaml, document 1 (ConfigMap a) names namespace "other": berth deploys into one namespace, shop',
    ],
    ['apiVersion: v1\nkind: Namespace\nmetadata: {name: shop}\n', '(Namespace shop) is cluster-scoped'],
    [
      'apiVersion: rbac.authorization.k8s.io/v1\nkind: ClusterRole\nmetadata: {name: r}\n',
      'is cluster-scoped',
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: a, namespace: shop}\n',
      'document 2 (ConfigMap a) is given twice: also in deploy/app.yaml, document 1',
    ],
    ['apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: Web_1}\n', 'is not a Deployment name'],
    [
      'apiVersion: v1\nkind: Secret\nmetadata: {name: berth-manifests.shop.v1}\n',
      "berth's records of the release",
    ],
  ])('refused: %j', (text, message) => {
    const error = refusal(() => placeInNamespace(parse(text), 'shop'));
    expect(error.keys).toEqual(['manifests']);
    expect(error.message).toContain(message);
  });

  test('the same name in two API groups or kinds is two objects', () => {
    const objects = parse(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: a}\n',
    );
    expect(placeInNamespace(objects, 'shop')).toHaveLength(2);
  });
});

describe('image pinning', () => {
  const images = (text: string, image = IMAGE): string[] => {
    const { objects } = pinImages(placeInNamespace(parse(text), 'shop'), image);
    const spec = ((objects[0]?.object.spec as Record<string, unknown>).template as Record<string, unknown>)
      .spec as { containers: Array<{ image: string }>; initContainers: Array<{ image: string }> };
    return [...spec.initContainers, ...spec.containers].map((c) => c.image);
  };

  test.each([
    ['registry.example.com/shop/web:latest', [IMAGE, IMAGE, 'envoyproxy/envoy:v1.31']],
    ['registry.example.com/shop/web', [IMAGE, IMAGE, 'envoyproxy/envoy:v1.31']],
    [`registry.example.com/shop/web@sha256:${'c'.repeat(64)}`, [IMAGE, IMAGE, 'envoyproxy/envoy:v1.31']],
    ['${image-ref}', [IMAGE, IMAGE, 'envoyproxy/envoy:v1.31']],
    ['${image-repository}:1.2', [IMAGE, IMAGE, 'envoyproxy/envoy:v1.31']],
  ])('a container naming %s runs the deployed digest; others are left', (given, want) => {
    expect(images(deployment(given))).toEqual(want);
  });

  test('Docker Hub names: library/nginx and nginx are one repository', () => {
    const hub = `docker.io/library/nginx@${DIGEST}`;
    expect(images(deployment('nginx:1.27'), hub).slice(0, 2)).toEqual([hub, hub]);
  });

  test.each([
    [
      'CronJob',
      'spec:\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - {name: c, image: registry.example.com/shop/web:1}\n',
    ],
    [
      'StatefulSet',
      'spec:\n  template:\n    spec:\n      containers:\n        - {name: c, image: registry.example.com/shop/web:1}\n',
    ],
    [
      'Job',
      'spec:\n  template:\n    spec:\n      containers:\n        - {name: c, image: registry.example.com/shop/web:1}\n',
    ],
  ])('a %s’s pod template is pinned too', (kind, spec) => {
    const { objects, pinned } = pinImages(
      placeInNamespace(parse(`apiVersion: batch/v1\nkind: ${kind}\nmetadata: {name: w}\n${spec}`), 'shop'),
      IMAGE,
    );
    expect(JSON.stringify(objects[0]?.object)).toContain(IMAGE);
    expect(pinned).toEqual([`${kind} w, container c: registry.example.com/shop/web:1`]);
  });

  test('the objects given are not changed', () => {
    const placed = placeInNamespace(parse(deployment('registry.example.com/shop/web:1')), 'shop');
    const before = JSON.stringify(placed);
    pinImages(placed, IMAGE);
    expect(JSON.stringify(placed)).toBe(before);
  });

  test.each([
    [
      deployment('registry.example.com/shop/other:1'),
      'no container of the manifests’ Deployments, StatefulSets, DaemonSets, Jobs or CronJobs runs registry.example.com/shop/web: name it as a container’s image (any tag, e.g. image: registry.example.com/shop/web:latest), or write image: ${image-ref}',
    ],
    [
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\ndata: {image: registry.example.com/shop/web:1}\n',
      'no container',
    ],
    [deployment('${IMAGE}'), 'container migrate’s image "${IMAGE}" is not an image reference'],
  ])('refused: %#', (text, message) => {
    const error = refusal(() => pinImages(placeInNamespace(parse(text), 'shop'), IMAGE));
    expect(error.keys).toEqual(['manifests']);
    expect(error.message.replace(/'/g, '’')).toContain(message);
  });
});

describe('what the set says', () => {
  test.each([
    ['  strategy: {rollingUpdate: {maxUnavailable: 0}}\n', []],
    ['', []], // 25% of 2 pods is 0
    [
      '  strategy: {rollingUpdate: {maxUnavailable: 1}}\n',
      [
        'Deployment web lets 1 of its 2 pods be unavailable during a rollout or a rollback (maxUnavailable: 1): old pods may stop before new ones are ready; spec.strategy.rollingUpdate.maxUnavailable: 0 keeps them',
      ],
    ],
    ['  strategy: {rollingUpdate: {maxUnavailable: 50%}}\n', ['Deployment web lets 1 of its 2 pods']],
    ['  strategy: {type: Recreate}\n', ['Deployment web uses strategy Recreate']],
  ])('unavailability: %j', (extra, want) => {
    const notes = unavailabilityNotes(parse(deployment('x', extra)).map((o) => o.object));
    expect(notes).toHaveLength(want.length);
    want.forEach((w, i) => expect(notes[i]).toContain(w));
  });

  test('Deployments watched, other workloads named, Secrets’ values to mask', () => {
    const items = parse(
      `${deployment('x')}---\napiVersion: apps/v1\nkind: StatefulSet\nmetadata: {name: db}\n---\napiVersion: v1\nkind: Secret\nmetadata: {name: s}\nstringData: {password: hunter22}\ndata: {token: ${Buffer.from('s3cr3t-token').toString('base64')}}\n`,
    ).map((o) => o.object);
    expect(deploymentsOf(items)).toEqual(['web']);
    expect(unwatchedWorkloads(items)).toEqual(['StatefulSet db']);
    expect(secretValues(items)).toEqual(['hunter22', 's3cr3t-token']);
  });

  test('objects a set no longer has, less those that existed before berth applied them', () => {
    const items = (text: string) => placeInNamespace(parse(text), 'shop').map((o) => o.object);
    const v1 = items(
      'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: b}\n---\napiVersion: v1\nkind: Service\nmetadata: {name: c}\n',
    );
    const v2 = items('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: a}\n');
    expect(objectsNotIn(v1, v2).map((o) => (o.metadata as { name: string }).name)).toEqual(['b', 'c']);
    const before = new Set([objectKey({ apiVersion: 'v1', kind: 'Service', namespace: 'shop', name: 'c' })]);
    expect(objectsNotIn(v1, v2, before).map((o) => (o.metadata as { name: string }).name)).toEqual(['b']);
    // apps/v1 and apps/v1beta2 name one object.
    expect(objectKey({ apiVersion: 'apps/v1beta2', kind: 'Deployment', namespace: 's', name: 'w' })).toBe(
      objectKey({ apiVersion: 'apps/v1', kind: 'Deployment', metadata: { namespace: 's', name: 'w' } }),
    );
  });
});

describe('release records', () => {
  const list = manifestList(placeInNamespace(parse(deployment(IMAGE)), 'shop'));

  test('a record is a Secret of berth’s type, labelled, its set gzipped; read back as it was', () => {
    const secret = encodeRecord({
      release: 'shop',
      namespace: 'prod',
      revision: 3,
      status: 'pending',
      image: IMAGE,
      commit: 'c0ffee',
      list,
      rollbackTo: 1,
      rolledBackFrom: 2,
    });
    expect(secret).toMatchObject({
      apiVersion: 'v1',
      kind: 'Secret',
      type: 'berth.dev/manifests',
      immutable: true,
      metadata: {
        name: 'berth-manifests.shop.v3',
        namespace: 'prod',
        labels: {
          'berth.dev/release': 'shop',
          'berth.dev/revision': '3',
          'berth.dev/status': 'pending',
        },
        annotations: {
          'berth.dev/image': IMAGE,
          'berth.dev/rollback-to': '1',
          'berth.dev/rolled-back-from': '2',
        },
      },
    });
    const [record] = readRecords(readSecrets({ kind: 'List', items: [secret] }), 'shop');
    expect(record).toMatchObject({
      revision: 3,
      status: 'pending',
      image: IMAGE,
      rollbackTo: 1,
      rolledBackFrom: 2,
    });
    expect(decodeRecord(record as ReleaseRecord)).toEqual(list);
  });

  test('a record as the cluster keeps it: read and decoded to the List berth applied', () => {
    const text = readFileSync(
      path.join(ROOT, '__tests__', 'fixtures', 'kubernetes', '10-manifests-records.json'),
      'utf8',
    );
    const [record] = readRecords(readSecrets(JSON.parse(text)), 'shop-test');
    expect(record).toMatchObject({ name: 'berth-manifests.shop-test.v1', revision: 1, status: 'deployed' });
    const items = decodeRecord(record as ReleaseRecord).items;
    expect(items.map((o) => `${String(o.kind)} ${String((o.metadata as { name: string }).name)}`)).toEqual([
      'ConfigMap shop-config',
      'Secret shop-keys',
      'Deployment shop',
      'Service shop',
    ]);
    expect(JSON.stringify(items)).toContain(record?.image);
  });

  test('another release’s records, a foreign Secret and a bad label are skipped', () => {
    const mine = encodeRecord({
      release: 'shop',
      namespace: 'p',
      revision: 1,
      status: 'deployed',
      image: IMAGE,
      commit: '',
      list,
    });
    const theirs = encodeRecord({
      release: 'shop-api',
      namespace: 'p',
      revision: 1,
      status: 'deployed',
      image: IMAGE,
      commit: '',
      list,
    });
    const odd = structuredClone(mine) as { metadata: { labels: Record<string, string> } };
    odd.metadata.labels['berth.dev/status'] = 'exploded';
    const plain = {
      kind: 'Secret',
      type: 'Opaque',
      metadata: { name: 'berth-manifests.shop.v9', labels: { 'berth.dev/revision': '9' } },
    };
    expect(
      readRecords(readSecrets({ kind: 'List', items: [mine, theirs, odd, plain] }), 'shop'),
    ).toHaveLength(1);
  });

  test('a set too big for a Secret is refused, naming manifests', () => {
    const big = manifestList([
      {
        source: 'x',
        object: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'big' },
          data: {
            blob: randomBytes(1_200_000).toString('base64'),
          },
        },
      },
    ]);
    const error = refusal(() =>
      encodeRecord({
        release: 's',
        namespace: 'p',
        revision: 1,
        status: 'pending',
        image: IMAGE,
        commit: '',
        list: big,
      }),
    );
    expect(error.message).toMatch(/^manifests: the manifests come to \d+ KiB gzipped/);
  });

  const rec = (revision: number, status: RecordStatus, more: Partial<ReleaseRecord> = {}): ReleaseRecord => ({
    name: `berth-manifests.shop.v${revision}`,
    revision,
    status,
    image: `img${revision}`,
    data: '',
    ...more,
  });

  test.each([
    [[], 1],
    [[rec(1, 'superseded'), rec(4, 'failed'), rec(2, 'deployed')], 5],
  ])('the next revision after %j: %d', (records, want) => {
    expect(nextRevision(records)).toBe(want);
  });

  test('the live set: the newest deployed one', () => {
    expect(liveRecord([rec(1, 'deployed'), rec(2, 'deployed'), rec(3, 'failed')])?.revision).toBe(2);
    expect(liveRecord([rec(1, 'failed')])).toBeUndefined();
  });

  test('pruning keeps the newest 10 and always the live one', () => {
    const many = Array.from({ length: 12 }, (_, i) => rec(i + 1, i === 0 ? 'deployed' : 'failed'));
    expect(recordsToPrune(many)).toEqual(['berth-manifests.shop.v2']);
    expect(recordsToPrune(many.slice(0, 10))).toEqual([]);
  });

  test.each<[string, ReleaseRecord[], number | undefined, number | string]>([
    ['the set before the live one', [rec(1, 'superseded'), rec(2, 'deployed')], undefined, 1],
    ['a refused set is skipped', [rec(1, 'superseded'), rec(2, 'deployed'), rec(3, 'failed')], undefined, 1],
    [
      'after a rollback, further back, not to the set it undid',
      [
        rec(1, 'superseded'),
        rec(2, 'superseded'),
        rec(3, 'superseded'),
        rec(4, 'deployed', { rollbackTo: 2, rolledBackFrom: 3 }),
      ],
      undefined,
      1,
    ],
    [
      'a rollback’s record that went live is a set like any other',
      [
        rec(1, 'superseded'),
        rec(2, 'superseded'),
        rec(3, 'superseded', { rollbackTo: 1, rolledBackFrom: 2 }),
        rec(4, 'deployed'),
      ],
      undefined,
      3,
    ],
    ['a given revision', [rec(1, 'superseded'), rec(2, 'failed'), rec(3, 'deployed')], 2, 2],
    [
      'nothing earlier',
      [rec(1, 'deployed')],
      undefined,
      'no earlier set that went live (its records: 1 deployed)',
    ],
    ['no live set', [rec(1, 'failed')], undefined, 'no live set to roll back from'],
    [
      'a revision not kept',
      [rec(1, 'superseded'), rec(2, 'deployed')],
      7,
      'revision: release shop has no kept set 7',
    ],
  ])('rollback: %s', (_, records, given, want) => {
    if (typeof want === 'number') {
      expect(rollbackRecord(records, 'shop', given).target.revision).toBe(want);
    } else {
      expect(refusal(() => rollbackRecord(records, 'shop', given)).message).toContain(want);
    }
  });

  test('a rollback record’s content is the set it re-applied, through chains', () => {
    const records = [
      rec(1, 'superseded'),
      rec(2, 'superseded', { rollbackTo: 1 }),
      rec(3, 'deployed', { rollbackTo: 2 }),
    ];
    expect(contentOf(records, 3)).toBe(1);
    expect(contentOf(records, 1)).toBe(1);
  });
});

describe('the directory', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'berth-manifests-'));
  const ws = path.join(root, 'ws');
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  test('every *.yaml and *.yml under it, recursively, in path order; other files ignored', async () => {
    mkdirSync(path.join(ws, 'k8s', 'b-sub'), { recursive: true });
    writeFileSync(path.join(ws, 'k8s', 'c.yaml'), 'c');
    writeFileSync(path.join(ws, 'k8s', 'a.yml'), 'a');
    writeFileSync(path.join(ws, 'k8s', 'b-sub', 'z.yaml'), 'z');
    writeFileSync(path.join(ws, 'k8s', 'README.md'), 'no');
    const files = await readManifestDir(path.join(ws, 'k8s'), ws);
    expect(files).toEqual([
      { name: 'k8s/a.yml', text: 'a' },
      { name: 'k8s/b-sub/z.yaml', text: 'z' },
      { name: 'k8s/c.yaml', text: 'c' },
    ]);
  });

  test('refused: no directory, no YAML, a link to outside the workspace', async () => {
    await expect(readManifestDir(path.join(ws, 'missing'), ws)).rejects.toThrow(
      'manifests: missing is not a directory of the workspace',
    );
    mkdirSync(path.join(ws, 'empty'));
    await expect(readManifestDir(path.join(ws, 'empty'), ws)).rejects.toThrow(
      'manifests: no *.yaml or *.yml file under empty',
    );
    writeFileSync(path.join(root, 'secret.yaml'), 'x');
    mkdirSync(path.join(ws, 'linked'));
    symlinkSync(path.join(root, 'secret.yaml'), path.join(ws, 'linked', 'x.yaml'));
    await expect(readManifestDir(path.join(ws, 'linked'), ws)).rejects.toThrow(
      'manifests: linked/x.yaml is a symbolic link to outside the workspace',
    );
  });
});
