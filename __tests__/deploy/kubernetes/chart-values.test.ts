/** The built-in chart's values: what reaches the chart is of the form Kubernetes expects, or refused by key. */
import { expect, test } from '@jest/globals';
import { builtInChartValues, type BuiltInChartSpec } from '../../../src/deploy/kubernetes/chart-values.js';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const spec: BuiltInChartSpec = {
  image: `registry.example.com/shop/web@${DIGEST}`,
  port: 8080,
  replicas: 2,
  healthPath: '/actuator/health',
  progressDeadlineSeconds: 60,
  preStop: { mode: 'exec', seconds: 5 },
  terminationGracePeriodSeconds: 30,
  env: [['SPRING_PROFILES_ACTIVE', 'prod']],
  envFromSecrets: [{ name: 'DATABASE_URL', secret: 'shop-db', key: 'url' }],
  resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
  ingress: { host: 'shop.example.com', className: 'nginx' },
  imagePullSecrets: ['ncr-pull'],
};

test('a whole spec becomes the chart’s values', () => {
  expect(builtInChartValues(spec)).toEqual({
    image: spec.image,
    port: 8080,
    replicas: 2,
    healthPath: '/actuator/health',
    progressDeadlineSeconds: 60,
    preStop: { mode: 'exec', seconds: 5 },
    terminationGracePeriodSeconds: 30,
    env: { SPRING_PROFILES_ACTIVE: 'prod' },
    envFromSecrets: { DATABASE_URL: { secret: 'shop-db', key: 'url' } },
    resources: { requests: { cpu: '250m', memory: '256Mi' }, limits: { memory: '512Mi' } },
    ingress: { host: 'shop.example.com', className: 'nginx', tlsSecret: '' },
    autoscaling: { minReplicas: 1, maxReplicas: 0, targetCPUUtilizationPercentage: 70 },
    blueGreen: { enabled: false, live: '', colors: {} },
    imagePullSecrets: ['ncr-pull'],
  });
});

test.each<[Partial<BuiltInChartSpec>, string]>([
  [{ image: 'registry.example.com/shop/web:latest' }, 'image: expected a reference by digest'],
  [{ healthPath: 'health' }, 'health-path: expected a URL path starting with /'],
  [{ healthPath: '/health"\n  x: y' }, 'health-path: expected a URL path starting with /'],
  [{ env: [['1BAD', 'x']] }, 'env: expected variable names'],
  [{ env: [['A B', 'x']] }, 'env: expected variable names'],
  [
    { envFromSecrets: [{ name: 'DB', secret: 'Shop_DB', key: 'url' }] },
    'env-from-secrets: expected a Secret name',
  ],
  [
    { resources: { requests: { cpu: 'lots' } } },
    'resources.requests.cpu: expected a Kubernetes quantity like 250m or 1, got "lots"',
  ],
  [
    { resources: { limits: { memory: '512MB' } } },
    'resources.limits.memory: expected a Kubernetes quantity like 256Mi',
  ],
  [
    { ingress: { host: 'https://shop.example.com' } },
    'ingress.host: expected a host name like shop.example.com',
  ],
  [{ port: 0 }, 'port: expected a whole number from 1 to 65535, got 0'],
  [{ replicas: 1.5 }, 'replicas: expected a whole number from 1 to 1000'],
  [
    { autoscaling: { minReplicas: 3, maxReplicas: 2, targetCPUUtilizationPercentage: 70 } },
    'autoscaling.max-replicas: expected a whole number from 3 to 1000, got 2',
  ],
  [{ imagePullSecrets: ['pull secret'] }, 'image-pull-secrets: expected Secret names'],
])('%j is refused: %s', (over, message) => {
  expect(() => builtInChartValues({ ...spec, ...over })).toThrow(message);
});

test('an autoscaler replaces the fixed replicas (the chart leaves replicas out)', () => {
  const values = builtInChartValues({
    ...spec,
    autoscaling: { minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 },
  });
  expect(values.autoscaling).toEqual({ minReplicas: 2, maxReplicas: 6, targetCPUUtilizationPercentage: 60 });
});
