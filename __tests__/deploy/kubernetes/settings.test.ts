/** Strategy kubernetes' settings from the step's inputs, and the values berth writes for helm: table tests. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, test } from '@jest/globals';
import {
  nestValues,
  parseValues,
  resolveKubernetesSettings,
  substituteImage,
  typedValue,
} from '../../../src/deploy/kubernetes/settings.js';
import {
  builtInChartDir,
  kubernetesOutputs,
  readBlueGreen,
  releaseValues,
} from '../../../src/deploy/kubernetes/strategy.js';
import { ConfigurationError } from '../../../src/errors.js';
import { INPUT_DEFAULTS, readInputs, type InputName } from '../../../src/inputs.js';
import { contentOf, readHelmHistory, rollbackTarget, rolledBackFrom } from '../../../src/kubernetes/helm.js';
import { renderKubernetesRefusal, renderKubernetesSummary } from '../../../src/report/kubernetes-summary.js';
import { ROOT } from '../../helpers/run-dist.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const IMAGE = `registry.example.com/shop/web@${DIGEST}`;
const WS = '/work/repo';

function settings(
  values: Partial<Record<InputName, string>>,
  action: 'deploy' | 'rollback' = 'deploy',
  env = {},
) {
  const inputs = readInputs({
    getInput: (n) =>
      ({
        command: action,
        strategy: 'kubernetes',
        app: 'web',
        environment: 'production',
        image: IMAGE,
        ...values,
      })[n] ?? INPUT_DEFAULTS[n],
    setSecret: () => undefined,
  });
  return resolveKubernetesSettings(action, inputs, WS, env);
}

function refused(
  values: Partial<Record<InputName, string>>,
  action: 'deploy' | 'rollback' = 'deploy',
  env = {},
): ConfigurationError {
  try {
    settings(values, action, env);
  } catch (error) {
    if (error instanceof ConfigurationError) return error;
    throw error;
  }
  throw new Error('expected a ConfigurationError');
}

describe('settings', () => {
  test('defaults: the built-in chart, release <app>-<environment>, the runner’s kubeconfig', () => {
    const s = settings({});
    expect(s).toMatchObject({
      release: 'web-production',
      namespace: 'default',
      chart: '',
      image: IMAGE,
      credentials: { mode: 'runner' },
      timeoutSeconds: 60,
    });
    expect(s.builtIn).toMatchObject({
      port: 8080,
      replicas: 2,
      progressDeadlineSeconds: 50,
      preStop: { mode: 'exec', seconds: 5 },
    });
  });

  test.each([
    [{ image: `registry.example.com/shop/web:1.2@${DIGEST}` }, 'image', IMAGE],
    [{ app: 'Web_API', release: '' }, 'release', 'web-api-production'],
    [{ 'health-timeout': '15' }, 'progressDeadlineSeconds', 10],
    [{ 'drain-timeout': '2' }, 'preStop', { mode: 'exec', seconds: 2 }],
  ] as const)('%j → %s', (values, field, want) => {
    const s = settings(values) as unknown as Record<string, unknown> & { builtIn: Record<string, unknown> };
    expect(field in s ? s[field] : s.builtIn[field]).toEqual(want);
  });

  test.each([
    [{ image: 'registry.example.com/shop/web:1.2' }, 'image', /by digest/],
    [{ image: '' }, 'image', /required/],
    [{ namespace: 'Shop' }, 'namespace', /lowercase/],
    [{ release: 'a'.repeat(54) }, 'release', /at most 53/],
    [{ kubeconfig: 'apiVersion: v1', 'eks-cluster': 'shop' }, 'kubeconfig', /one of them/],
    [{ 'eks-cluster': 'shop' }, 'eks-region', /required/],
    [{ 'eks-cluster': 'shop', 'eks-region': 'Seoul' }, 'eks-region', /ap-northeast-2/],
    [{ 'eks-region': 'ap-northeast-2' }, 'eks-region', /only with eks-cluster/],
    [{ chart: '../elsewhere' }, 'chart', /inside the workspace/],
    [{ chart: 'oci://registry.example.com/charts/web' }, 'chart-version', /required/],
    [{ 'chart-version': '1.2.0' }, 'chart-version', /only with chart/],
    [{ chart: 'charts/web', 'ingress-host': 'shop.example.com' }, 'ingress-host', /built-in chart/],
    [{ values: 'image tag=1' }, 'values', /line 1 is not dotted.key=value/],
    [{ 'values-files': '../../etc/passwd' }, 'values-files', /inside the workspace/],
    [{ 'env-from-secrets': 'DB_URL=db' }, 'env-from-secrets', /NAME=secret\/key/],
    [{ 'kube-tools-sha256': 'helm=abc' }, 'kube-tools-sha256', /64 hex digits/],
    [{ 'kube-tools-sha256': `docker=${'a'.repeat(64)}` }, 'kube-tools-sha256', /helm=<sha256>/],
    [{ 'kube-tools-url': 'ftp://mirror' }, 'kube-tools-url', /http\(s\)/],
    [{ manifests: 'deploy/k8s', chart: 'charts/web' }, 'manifests', /^manifests \/ chart: give one of them/],
    [{ manifests: '../k8s' }, 'manifests', /directory of manifests inside the workspace/],
    [{ manifests: 'deploy/k8s', values: 'a=1' }, 'values', /an input of a Helm chart; with manifests/],
    [{ manifests: 'deploy/k8s', 'values-files': 'v.yaml' }, 'values-files', /with manifests/],
    [{ manifests: 'deploy/k8s', 'ingress-host': 'shop.example.com' }, 'ingress-host', /with manifests/],
  ] as const)('%j is refused, naming %s', (values, key, message) => {
    const error = refused(values);
    expect(error.keys).toContain(key);
    expect(error.message).toMatch(message);
  });

  test('manifests: a directory of the workspace, no chart, no built-in chart; both keys named when given with chart', () => {
    expect(settings({ manifests: 'deploy/k8s' })).toMatchObject({
      manifests: path.resolve(WS, 'deploy/k8s'),
      chart: '',
    });
    expect(settings({ manifests: 'deploy/k8s' }).builtIn).toBeUndefined();
    expect(settings({}).manifests).toBe('');
    expect(settings({ manifests: 'deploy/k8s', image: '' }, 'rollback').manifests).toBe(
      path.resolve(WS, 'deploy/k8s'),
    );
    expect(refused({ manifests: 'k8s', chart: 'charts/web' }).keys).toEqual(['manifests', 'chart']);
  });

  test('rollback needs no image; a given revision is read', () => {
    expect(settings({ image: '', revision: '4' }, 'rollback')).toMatchObject({ image: '', revision: 4 });
    expect(refused({ revision: 'latest' }, 'rollback').keys).toEqual(['revision']);
  });

  test('EKS: the region from AWS_REGION', () => {
    expect(
      settings({ 'eks-cluster': 'shop' }, 'deploy', { AWS_REGION: 'ap-northeast-2' }).credentials,
    ).toEqual({
      mode: 'eks',
      cluster: 'shop',
      region: 'ap-northeast-2',
    });
  });

  test('charts: a directory of the workspace, a repository chart with its version', () => {
    expect(settings({ chart: 'deploy/chart' }).chart).toBe(path.resolve(WS, 'deploy/chart'));
    expect(settings({ chart: 'bitnami/nginx', 'chart-version': '18.1.0' })).toMatchObject({
      chart: 'bitnami/nginx',
      chartVersion: '18.1.0',
    });
    expect(settings({ chart: 'charts/web' }).builtIn).toBeUndefined();
  });
});

describe('values', () => {
  test.each([
    ['true', true],
    ['false', false],
    ['3', 3],
    ['-1', -1],
    ['007', '007'],
    ['1.5', '1.5'],
    ['', ''],
    ['a=b', 'a=b'],
    ['12345678901234567', '12345678901234567'],
  ])('typedValue(%j) = %j', (text, want) => expect(typedValue(text)).toEqual(want));

  test('lines to one nested object; later keys win; comments skipped', () => {
    const pairs = parseValues(
      '# ours\nimage.repository=r\nimage.tag=\nreplicaCount=3\nimage.tag=1.2\nfeature.on=true\n',
    );
    expect(nestValues(pairs)).toEqual({
      image: { repository: 'r', tag: '1.2' },
      replicaCount: 3,
      feature: { on: true },
    });
    expect(
      nestValues([
        ['a', 1],
        ['a.b', 2],
      ]),
    ).toEqual({ a: { b: 2 } });
  });

  test.each([
    ['${image-ref}', IMAGE],
    ['${image-repository}', 'registry.example.com/shop/web'],
    ['${image-digest}', DIGEST],
    ['img=${image-repository}@${image-digest}', `img=${IMAGE}`],
    ['${unknown}', '${unknown}'],
    [3, 3],
  ])('substituteImage(%j)', (value, want) => expect(substituteImage(value, IMAGE)).toEqual(want));

  test('the built-in chart gets checked values, overridden by `values`', () => {
    const v = releaseValues(
      settings({ values: 'replicas=4\nresources.limits.memory=256Mi', env: 'DB=x' }),
      IMAGE,
    );
    expect(v).toMatchObject({
      image: IMAGE,
      replicas: 4,
      port: 8080,
      env: { DB: 'x' },
      resources: { limits: { memory: '256Mi' } },
    });
  });

  test("a team's chart gets berth.* and its own keys", () => {
    const v = releaseValues(settings({ chart: 'charts/web', values: 'image.digest=${image-digest}' }), IMAGE);
    expect(v).toEqual({
      berth: { image: IMAGE, imageRepository: 'registry.example.com/shop/web', imageDigest: DIGEST },
      image: { digest: DIGEST },
    });
  });
});

describe('revisions', () => {
  const history = readHelmHistory(
    readFileSync(path.join(ROOT, '__tests__/fixtures/kubernetes/06-helm-history.json'), 'utf8'),
  );
  const h = (rows: Array<[number, string, string]>) =>
    rows.map(([revision, status, description]) => ({
      revision,
      status,
      description,
      chart: '',
      appVersion: '',
      updated: '',
    })) as ReturnType<typeof readHelmHistory>;

  test('the recorded history: every upgrade was rolled back, so revision 7 runs 1 and nothing is before it', () => {
    expect([...rolledBackFrom(history)].sort()).toEqual([2, 4, 6]);
    expect(contentOf(history, 7)).toBe(1);
    expect(rollbackTarget(history, 7)).toBeUndefined();
    expect(rollbackTarget(history, 6)?.revision).toBe(5);
  });

  test.each([
    [
      'a plain history',
      [
        [1, 'superseded', 'Install complete'],
        [2, 'superseded', 'Upgrade complete'],
        [3, 'deployed', 'Upgrade complete'],
      ],
      3,
      2,
    ],
    [
      'a refused deploy in between is skipped',
      [
        [1, 'superseded', 'Install complete'],
        [2, 'superseded', 'Upgrade complete'],
        [3, 'superseded', 'Upgrade complete'],
        [4, 'superseded', 'Rollback to 2'],
        [5, 'deployed', 'Upgrade complete'],
      ],
      5,
      4,
    ],
    [
      'from a rollback, before what it runs',
      [
        [1, 'superseded', 'Install complete'],
        [2, 'superseded', 'Upgrade complete'],
        [3, 'superseded', 'Upgrade complete'],
        [4, 'deployed', 'Rollback to 2'],
      ],
      4,
      1,
    ],
    [
      'a failed revision is never a target',
      [
        [1, 'superseded', 'Install complete'],
        [2, 'failed', 'Upgrade failed'],
        [3, 'deployed', 'Upgrade complete'],
      ],
      3,
      1,
    ],
    ['a first install has none', [[1, 'deployed', 'Install complete']], 1, undefined],
  ] as Array<[string, Array<[number, string, string]>, number, number | undefined]>)(
    '%s',
    (_, rows, live, want) => {
      expect(rollbackTarget(h(rows), live)?.revision).toBe(want);
    },
  );
});

describe('reports', () => {
  const report = {
    action: 'deploy' as const,
    app: 'web',
    environment: 'production',
    host: '',
    namespace: 'shop',
    release: 'web-production',
    revision: 5,
    previousRevision: 4,
    imageRef: IMAGE,
    previousImageRef: `registry.example.com/shop/web@sha256:${'b'.repeat(64)}`,
    url: 'http://web-production.shop.svc',
    recovered: '',
    progress: '2/2 new pods ready',
    durationMs: 12_345,
    timeline: [{ name: 'helm upgrade', ms: 2100 }],
  };

  test('outputs', () => {
    expect(kubernetesOutputs([report])).toEqual({
      revision: '5',
      'previous-revision': '4',
      'image-ref': IMAGE,
      'previous-image-ref': report.previousImageRef,
      url: 'http://web-production.shop.svc',
      'duration-ms': '12345',
    });
    expect(kubernetesOutputs([{ ...report, previousRevision: undefined }])['previous-revision']).toBe('');
  });

  test('the summary names the release, both revisions and the rollout', () => {
    const md = renderKubernetesSummary(report);
    expect(md).toContain('revision 5');
    expect(md).toContain('revision 4, registry.example.com');
    expect(md).toContain('2/2 new pods ready');
    expect(renderKubernetesSummary({ ...report, previousRevision: undefined })).toContain('(first install)');
  });

  test('plain manifests: a manifests release, the objects applied, the notes', () => {
    const md = renderKubernetesSummary({
      ...report,
      url: '',
      manifests: {
        objects: ['Deployment web', 'Service web'],
        notes: ['Deployment web uses strategy Recreate'],
      },
    });
    expect(md).toContain('(manifests release web-production, revision 5)');
    expect(md).toContain('| Applied | Deployment web, Service web |');
    expect(md).toContain('> Deployment web uses strategy Recreate');
    expect(md).not.toContain('Address');
    expect(renderKubernetesSummary(report)).toContain('(Helm release web-production, revision 5)');
  });

  test("a refusal shows each pod's reason, exit code, last lines (fenced safely) and warnings", () => {
    const md = renderKubernetesRefusal({
      action: 'deploy',
      app: 'web',
      environment: 'production',
      namespace: 'shop',
      release: 'web-production',
      failedRevision: 6,
      imageRef: IMAGE,
      why: 'web-1: CrashLoopBackOff',
      failures: [
        {
          pod: 'web-1',
          container: 'app',
          reason: 'CrashLoopBackOff',
          message: 'last run: Error',
          exitCode: 3,
          lastLines: 'booting\n```\nFATAL: missing DATABASE_URL',
          events: ['BackOff: Back-off restarting failed container'],
        },
      ],
      undone: 'rolled back to revision 5',
      progress: '0/2 new pods ready; 1 waiting: CrashLoopBackOff',
      timeline: [],
    });
    expect(md).toContain('exit code 3');
    expect(md).toContain('````\nbooting\n```\nFATAL: missing DATABASE_URL\n````');
    expect(md).toContain('- BackOff: Back-off restarting failed container');
    expect(md).toContain('rolled back to revision 5');
  });
});

test('the built-in chart is found from the sources and from dist/', () => {
  expect(builtInChartDir()).toBe(path.join(ROOT, 'charts', 'berth-app'));
  expect(builtInChartDir(path.join(ROOT, 'dist', 'cli'))).toBe(path.join(ROOT, 'charts', 'berth-app'));
  expect(() => builtInChartDir('/')).toThrow(/built-in chart/);
});

describe('blue/green', () => {
  const OTHER = `registry.example.com/shop/web@sha256:${'b'.repeat(64)}`;

  test.each([
    ['no values (a first install)', {}, { live: '', colors: {} }],
    [
      'a rolling release',
      { blueGreen: { enabled: false, live: 'blue', colors: {} } },
      { live: '', colors: {} },
    ],
    [
      'green live, both colours',
      {
        blueGreen: {
          enabled: true,
          live: 'green',
          colors: { blue: { image: OTHER }, green: { image: IMAGE } },
        },
      },
      { live: 'green', colors: { blue: { image: OTHER }, green: { image: IMAGE } } },
    ],
    [
      'a live colour with no image is no live colour',
      { blueGreen: { enabled: true, live: 'green', colors: { blue: { image: OTHER } } } },
      { live: '', colors: { blue: { image: OTHER } } },
    ],
    [
      'a colour of another name is ignored',
      { blueGreen: { enabled: true, live: 'red', colors: { red: { image: OTHER } } } },
      { live: '', colors: {} },
    ],
  ])('readBlueGreen: %s', (_, values, want) => expect(readBlueGreen(values)).toEqual(want));

  test('the built-in chart gets each colour by digest and the live one', () => {
    const v = releaseValues(settings({ rollout: 'blue-green' }), IMAGE, {
      live: 'blue',
      colors: { blue: { image: OTHER }, green: { image: IMAGE } },
    });
    expect(v.blueGreen).toEqual({
      enabled: true,
      live: 'blue',
      colors: { blue: { image: OTHER }, green: { image: IMAGE } },
    });
    expect(() =>
      releaseValues(settings({ rollout: 'blue-green' }), IMAGE, {
        live: 'blue',
        colors: { blue: { image: 'web:latest' } },
      }),
    ).toThrow(/image \(blue\): expected a reference by digest/);
    expect(releaseValues(settings({}), IMAGE).blueGreen).toEqual({ enabled: false, live: '', colors: {} });
  });

  test("blue-green is the built-in chart's: refused with a team's chart", () => {
    expect(refused({ chart: 'charts/web', rollout: 'blue-green' }).keys).toEqual(['rollout']);
  });
});
