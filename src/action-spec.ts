/**
 * The one declaration of berth's action interface: each command's inputs (description, default,
 * form, secret, required, which sub-actions take it) and outputs. From it come the code's typed inputs
 * (src/inputs.ts), the root action.yml and every sub-action's `<name>/action.yml` and README
 * (`npm run docs`, scripts/action-docs.mjs), README's tables, and the CLI's `--help`; a drift test
 * fails when a generated file differs. Pure data with no imports: the docs script loads it directly.
 */

export const COMMANDS = [
  'plan',
  'build',
  'deploy',
  'rollback',
  'coverage',
  'quality-gate',
  'comment',
  'quality-check',
  'doctor',
  'status',
] as const;
export type CommandName = (typeof COMMANDS)[number];

/**
 * One action per job: `berth-dev/berth/<name>@v0`. Each runs one command with only its own inputs;
 * `deploy-static` is `deploy` with `strategy: static`. `post` is set where the post step has something
 * to clean up (the private docker config, the deploy lock, an SSH key directory, a kubeconfig).
 */
export const SUB_ACTIONS = {
  plan: {
    command: 'plan',
    title: 'berth plan',
    description:
      'Decide from the event, the labels and the changed files which components go to which environment, and why: a matrix for the build and deploy jobs.',
    post: false,
  },
  build: {
    command: 'build',
    title: 'berth build',
    description:
      "Build a component's image, tag it by rule, push it to the team's registry (Docker Hub, GHCR, ECR, Naver Cloud, NHN Cloud, private) and output its digest; skipped when the registry already holds this commit's image.",
    post: true,
  },
  deploy: {
    command: 'deploy',
    title: 'berth deploy',
    description:
      "Deploy an image with zero downtime: start it in the idle colour, gate it on health, switch the team's nginx to it without a reload, let the old colour's requests finish, stop it (blue/green or recreate, on this host or over SSH through a bastion) — or roll a Helm release out on Kubernetes, failing fast with the failing pods’ reasons and rolling back.",
    post: true,
  },
  'deploy-static': {
    command: 'deploy',
    strategy: 'static',
    title: 'berth deploy-static',
    description:
      'Publish a static frontend build: to S3 or S3-compatible storage (changed files only, HTML last, CloudFront invalidated) or to an nginx directory (a new release switched by symlink).',
    post: true,
  },
  rollback: {
    command: 'rollback',
    title: 'berth rollback',
    description:
      'Switch an environment back to the previous image (or release) the same zero-downtime way a deploy switches forward.',
    post: true,
  },
  coverage: {
    command: 'coverage',
    title: 'berth coverage',
    description:
      "Read the coverage reports of any common format, merge them, report changed-line coverage and tests in the pull request's one comment, and fail when a threshold is not met.",
    post: false,
  },
  'quality-gate': {
    command: 'quality-gate',
    title: 'berth quality-gate',
    description:
      "Wait for SonarQube to process the scanner's analysis, report each condition of its quality gate in the pull request's comment, and fail when the gate fails.",
    post: false,
  },
  comment: {
    command: 'comment',
    title: 'berth comment',
    description:
      "In a `workflow_run` workflow: post the pull request comment sections a fork's `pull_request` run could not (downloaded from its artifact).",
    post: false,
  },
  'quality-check': {
    command: 'quality-check',
    title: 'berth quality-check',
    description:
      "The one check to mark required: fails when a quality job it needs failed or was cancelled, or when a component the pull request's files touch — by the paths of the base branch's berth config, which the pull request cannot edit — was not tested.",
    post: false,
  },
  doctor: {
    command: 'doctor',
    title: 'berth doctor',
    description:
      "Check this host (or the SSH hosts) for what deploy needs — Docker, BuildKit, nginx and its include, berth's switch, free ports, disk, the self-hosted runner's version (node24 needs 2.327.1) — and print what is missing and how to fix it; with `github: true`, the repository's settings too (environments' deployment branches and reviewers, token permissions, fork approval, the required quality check). It changes nothing.",
    // Over SSH it writes the key into a directory of the runner's temp dir: a cancel's post removes it.
    post: true,
  },
  status: {
    command: 'status',
    title: 'berth status',
    description:
      "Show what is live on each host of an environment — colour, image, commit, since when, whether its container runs — and the last deploys from the host's history (who, what, result, how long), as a table and as JSON. It changes nothing.",
    // Over SSH, as doctor: the key's directory in the runner's temp dir, removed by a cancel's post.
    post: true,
  },
} as const;
export type SubActionName = keyof typeof SUB_ACTIONS;
export const SUB_ACTION_NAMES = Object.keys(SUB_ACTIONS) as SubActionName[];

/** The root action (`berth-dev/berth@v0` with `command:`), kept for existing workflows. */
export const ACTION = {
  name: 'berth',
  description:
    'From pull request to running server — plan which components go to which environment, then build, deploy and gate them.',
  author: 'berth',
  branding: { icon: 'anchor', color: 'blue' },
} as const;

/** How an input's text is read and checked (src/inputs.ts `readForm`). */
export type InputForm =
  | { readonly kind: 'command' }
  /** Trimmed; empty gives the default. */
  | { readonly kind: 'text' }
  /** As given, lines and spaces kept (KEY=VALUE lists, globs, known_hosts). */
  | { readonly kind: 'lines' }
  /** Trimmed, no default (PEM, keys, passwords). */
  | { readonly kind: 'block' }
  | { readonly kind: 'boolean' }
  | { readonly kind: 'integer'; readonly min: number; readonly max: number }
  /** An optional TCP port (empty: none). */
  | { readonly kind: 'port' }
  /** An optional percentage (empty: none). */
  | { readonly kind: 'percent' }
  /** One of `values`; an alias (`jacoco`) reads as its value (`jacoco-xml`), which is what berth reports. */
  | {
      readonly kind: 'choice';
      readonly values: readonly string[];
      readonly aliases?: Readonly<Record<string, string>>;
    }
  | { readonly kind: 'ip' }
  | { readonly kind: 'path' }
  | { readonly kind: 'http-url' }
  | { readonly kind: 'task-id' };

export interface InputSpec {
  /** The root action's description (it names the commands); sub-actions use `describe[sub]` when set. */
  readonly description: string;
  readonly describe?: Partial<Record<SubActionName, string>>;
  /** The default berth applies ('' when none). */
  readonly default?: string;
  /** action.yml's default when it differs (an expression the runner evaluates). */
  readonly actionDefault?: string;
  readonly form: InputForm;
  /** The field of the typed inputs, when not the camelCased name. */
  readonly field?: string;
  /**
   * `value`: masked whole and per KEY=VALUE value; `block`: masked whole and line by line; `parsed`: a
   * document whose secret fields the command masks as it reads it (a kubeconfig's tokens and keys) —
   * masking every line would star out `apiVersion: v1` everywhere.
   */
  readonly secret?: 'value' | 'block' | 'parsed';
  /** The sub-actions that take it (the root action takes every input). */
  readonly in?: readonly SubActionName[];
  /** The sub-actions that cannot run without it (`required: true` in their action.yml). */
  readonly required?: readonly SubActionName[];
}

export interface OutputSpec {
  readonly description: string;
  readonly describe?: Partial<Record<SubActionName, string>>;
  readonly in: readonly SubActionName[];
}

export const INPUTS = {
  command: {
    description:
      "What to run. `plan`: decide from the event, the labels and the changed files which components go to which environment, and why (outputs `matrix`, `components`, `environment`, `deploy`, `has-work`). `build`: build the image, tag it by rule, push it, and output its digest (outputs `image`, `tags`, `digest`, `image-ref`, `skipped`, `metadata`). `deploy`: start `image` in the idle colour, gate it on health, switch nginx to it without a reload, let the old colour's requests finish, stop it (blue/green, on this host or over SSH). `rollback`: the same switch back to the previous image. `coverage`: read the coverage reports, merge them, and fail when a threshold is not met (outputs `line-coverage`, `branch-coverage`, …). `quality-gate`: wait for SonarQube to process the analysis the scanner uploaded, report each condition of its quality gate, and fail when the gate fails (outputs `quality-gate-status`, `dashboard-url`). `comment`: in a `workflow_run` workflow, post the PR comment sections a fork's pull_request run could not (its `comment-dir`, downloaded from an artifact). `quality-check`: the one check to mark required — fail when a job in `needs` failed or was cancelled, or when a component the pull request's files touch (by the base branch's config) was not tested. `doctor`: check this host (or the `ssh-host` servers) for what `deploy` needs — Docker reachable and its version, BuildKit, nginx (`nginx -t`, reload permission, `nginx-upstream-file` or `/etc/nginx/berth` writable and included, nginx's workers able to see berth's switch, each app's switch reload-free), `blue-port`/`green-port` free (default 18080/18081), disk space where Docker keeps images, this host's self-hosted runner new enough for node24 (2.327.1) — print a table of what is missing and how to fix it, and fail when something required is missing (output `passed`). It changes nothing. `status`: for each host of the environment, what is live (colour, image, commit, since when, its container) and the last deploys from the host's history, as a table and as JSON (outputs `status`, `image-ref`); it changes nothing.",
    form: { kind: 'command' },
  },
  config: {
    description: 'Path of the berth config file, relative to the repository root.',
    default: '.github/berth.yml',
    form: { kind: 'text' },
    in: [
      'plan',
      'build',
      'deploy',
      'deploy-static',
      'rollback',
      'coverage',
      'quality-gate',
      'quality-check',
      'doctor',
      'status',
    ],
  },
  'github-token': {
    description:
      'Token for the GitHub API (`GITHUB_API_URL`), used to find the pull request a push merged and the files it changed. Needs `contents: read` and `pull-requests: read`.',
    describe: {
      build:
        'Token for GHCR: the default `registry-password` when the image is on `ghcr.io` (needs `packages: write`).',
      deploy:
        "Token for the GitHub API: reads the environment's protection before deploying (needs `actions: read`); and for GHCR, the default `registry-password` when the image is on `ghcr.io` (needs `packages: read`).",
      'deploy-static':
        "Token for the GitHub API: reads the environment's protection before deploying (needs `actions: read`).",
      rollback:
        "Token for the GitHub API: reads the environment's protection before rolling back (needs `actions: read`); and for GHCR, the default `registry-password` when the image is on `ghcr.io` (needs `packages: read`).",
      coverage:
        "Token for the GitHub API: the pull request's changed lines and berth's one PR comment (needs `pull-requests: write` to comment).",
      'quality-gate': "Token for the GitHub API: berth's one PR comment (needs `pull-requests: write`).",
      comment:
        'Token for the GitHub API: finds the pull request of the `workflow_run` and posts its sections (needs `pull-requests: write`, `actions: read`).',
      'quality-check':
        "Token for the GitHub API: the base branch's config and the pull request's changed files (needs `contents: read`, `pull-requests: read`).",
      doctor:
        "With `github: true`: the token that reads the repository's settings (`actions: read` for the environments; the workflow permissions, fork approval and branch protection need a repository admin's token, and are reported as not readable without one).",
    },
    default: '',
    actionDefault: '${{ github.token }}',
    form: { kind: 'text' },
    secret: 'value',
    in: [
      'plan',
      'build',
      'deploy',
      'deploy-static',
      'rollback',
      'coverage',
      'quality-gate',
      'comment',
      'doctor',
      'quality-check',
    ],
  },
  environment: {
    description:
      '`plan` on workflow_dispatch: the environment to deploy to, a name from the config (empty: the one whose branches match the ref). `build`: the environment the plan chose, added as an image tag. `deploy`/`rollback`: the environment deployed (required), part of container and upstream names.',
    describe: {
      plan: 'On workflow_dispatch: the environment to deploy to, a name from the config (empty: the one whose branches match the ref).',
      build: 'The environment the plan chose, added as an image tag (and whose config `with:` applies).',
      deploy:
        'The environment deployed, a name from the config: part of container and upstream names, and its config `with:` applies.',
      'deploy-static':
        'The environment deployed, a name from the config: its config `with:` applies (`s3-bucket`, `static-root`), and it names the deploy lock and history.',
      rollback: 'The environment to roll back, a name from the config.',
      coverage: "The environment whose config `with:` applies to this component's inputs (rarely needed).",
      'quality-gate':
        "The environment whose config `with:` applies to this component's inputs (rarely needed).",
      doctor:
        'The environment whose config `with:` (`ssh-host`, `nginx-upstream-file`, ports) the checks use.',
      status:
        'The environment to show, a name from the config: its config `with:` says the hosts (`ssh-host`).',
    },
    form: { kind: 'text' },
    in: [
      'plan',
      'build',
      'deploy',
      'deploy-static',
      'rollback',
      'coverage',
      'quality-gate',
      'doctor',
      'status',
    ],
    required: ['deploy', 'deploy-static', 'rollback', 'status'],
  },
  'environment-url': {
    description:
      "`deploy`/`rollback`: the app's public address in this environment (`https://shop.example.com`), given back as the `environment-url` output and shown in the step summary. Default: the config's `components.<component>.environments.<environment>.url`, else `environments.<environment>.url`.",
    form: { kind: 'http-url' },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  components: {
    description:
      'workflow_dispatch only: comma-separated components to deploy, names from the config. Empty: all components.',
    form: { kind: 'text' },
    in: ['plan'],
  },
  component: {
    description:
      '`build`: the component (a name from the config, e.g. `matrix.component`) whose `image`, `context` and `dockerfile` to use. `coverage`: the component the report is for; in a monorepo each component owns its own section of the pull request comment.',
    describe: {
      build:
        'The component (a name from the config, e.g. `matrix.component`) whose `image`, `context` and `dockerfile` to use, and whose config `with:` applies.',
      deploy:
        'The component (a name from the config, e.g. `matrix.component`) deployed: its config `with:` applies (`port`, `health-path`), and it is the default `app`.',
      'deploy-static':
        'The component (a name from the config, e.g. `matrix.component`) deployed: its config `with:` applies (`dir`, `s3-bucket`), and it is the default `app`.',
      rollback: 'The component to roll back (a name from the config); the default `app`.',
      coverage:
        'The component the report is for (a name from the config); in a monorepo each component owns its own section of the pull request comment.',
      'quality-gate':
        'The component the analysis is for (a name from the config); in a monorepo each component owns its own section of the pull request comment.',
      doctor:
        'The component (a name from the config) whose config `with:` the checks use (ports, `nginx-upstream-file`).',
      status: 'The component to show (a name from the config); the default `app`.',
    },
    form: { kind: 'text' },
    in: ['build', 'deploy', 'deploy-static', 'rollback', 'coverage', 'quality-gate', 'doctor', 'status'],
  },
  image: {
    description:
      "`deploy`: the image to run, best `image-ref` from `build` (`repo@sha256:…`; `repo:tag@sha256:…` runs the digest). `rollback`: an image to return to (default: the previous one deployed). `build`: the image name without tag (`ghcr.io/acme/backend`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend`). Default: the component's `image` in the config, joined to the config's `registry`. Capitals in the repository path are lowercased.",
    describe: {
      build:
        "The image name without tag (`ghcr.io/acme/backend`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com/backend`). Default: the component's `image` in the config, joined to the config's `registry`. Capitals in the repository path are lowercased.",
      deploy:
        'The image to run, best the `image-ref` output of `build` (`repo@sha256:…`), or the `digest` of docker/build-push-action as `<repo>@${{ steps.build.outputs.digest }}`; `repo:tag@sha256:…` runs the digest (the tag is dropped).',
      rollback: 'An image to return to. Default: the previous one deployed.',
    },
    form: { kind: 'text' },
    in: ['build', 'deploy', 'rollback'],
  },
  context: {
    description: "`build`: the build context. Default: the component's `context`, else the repository root.",
    form: { kind: 'text' },
    in: ['build'],
  },
  file: {
    description:
      "`build`: the Dockerfile. Default: the component's `dockerfile`, else `<context>/Dockerfile`.",
    form: { kind: 'text' },
    in: ['build'],
  },
  target: {
    description: '`build`: the Dockerfile stage to build.',
    form: { kind: 'text' },
    in: ['build'],
  },
  'build-args': {
    description:
      '`build`: build arguments, one `KEY=VALUE` per line. Not for secrets: they end up in the image history.',
    form: { kind: 'lines' },
    in: ['build'],
  },
  'build-secrets': {
    description:
      "`build`: BuildKit secrets, one `id=value` per line, read in the Dockerfile with `RUN --mount=type=secret,id=…`. Handed to the builder as 0600 files deleted afterwards: never in build args, layers or logs. Needs BuildKit (buildx or the engine's built-in one).",
    form: { kind: 'lines' },
    secret: 'value',
    in: ['build'],
  },
  labels: {
    description:
      '`build`: extra image labels, one `KEY=VALUE` per line (the OCI source/revision/created/version labels are set anyway).',
    form: { kind: 'lines' },
    in: ['build'],
  },
  tags: {
    description:
      "`build`: extra tags, comma- or newline-separated, added to the rule tags (`sha-<7 hex>`, branch, version, `latest`, environment): tag names (`stable`) or full references to the image (`ghcr.io/acme/app:1.2`, as docker/metadata-action's `tags` output). A reference to another repository is refused.",
    form: { kind: 'text' },
    in: ['build'],
  },
  latest: {
    description:
      "`build`: tag `latest`: `default-branch` (on pushes to the default branch), `release` (on a pushed git tag that is not a semver pre-release, as docker/metadata-action's `latest=auto`), `true` (always) or `false` (never). `auto` is the deprecated old name of `default-branch` and warns.",
    default: 'default-branch',
    form: { kind: 'choice', values: ['default-branch', 'release', 'true', 'false', 'auto'] },
    in: ['build'],
  },
  platforms: {
    description:
      '`build`: target platforms, comma-separated (`linux/amd64,linux/arm64`); several need the buildx plugin.',
    form: { kind: 'text' },
    in: ['build'],
  },
  'cache-from': {
    description:
      '`build`: build cache sources, one per line (`type=registry,ref=…` with buildx; image references otherwise).',
    form: { kind: 'lines' },
    in: ['build'],
  },
  'cache-to': {
    description:
      '`build`: build cache exports, one per line (`type=inline`, `type=registry,ref=…,mode=max`); needs the buildx plugin.',
    form: { kind: 'lines' },
    in: ['build'],
  },
  'no-cache': {
    description:
      '`build`: build without the layer cache (`true`); the registry skip still applies unless `force`.',
    default: 'false',
    form: { kind: 'boolean' },
    in: ['build'],
  },
  push: {
    description: '`build`: push the image (`true`) or only build it (`false`).',
    default: 'true',
    form: { kind: 'boolean' },
    in: ['build'],
  },
  force: {
    description:
      "`build`: rebuild even when the registry already holds this commit's `sha-` tag. `deploy` with strategy `static` to S3: upload every file, even those the bucket already holds unchanged (to apply new `cache-control` rules).",
    describe: {
      build: "Rebuild even when the registry already holds this commit's `sha-` tag.",
      'deploy-static':
        'To S3: upload every file, even those the bucket already holds unchanged (to apply new `cache-control` rules).',
    },
    default: 'false',
    form: { kind: 'boolean' },
    in: ['build', 'deploy-static'],
  },
  'registry-provider': {
    description:
      "`build`: `dockerhub`, `ghcr`, `ecr`, `ncp`, `nhn` or `generic`. Default: inferred from the image's registry host (`ghcr.io`, `*.dkr.ecr.*.amazonaws.com`, `*.ncr.ntruss.com`, `*-registry.container.nhncloud.com`, Docker Hub), else `generic`.",
    form: { kind: 'text' },
    in: ['build', 'deploy', 'rollback'],
  },
  'registry-username': {
    description:
      "`build`: the registry user: Docker Hub user, NCP access key, NHN user access key ID, or any registry's user. ghcr: default the workflow actor. ecr: not used (credentials come from AWS). Default: the job's own docker login for the registry (a `docker/login-action` step before berth); given, they win over it.",
    form: { kind: 'text' },
    in: ['build', 'deploy', 'rollback'],
  },
  'registry-password': {
    description:
      "`build`: the registry password or token (a secret): Docker Hub access token, NCP secret key, NHN secret access key. ghcr: default `github-token`. Given to docker through stdin, never a command line. Default: the job's own docker login for the registry (a `docker/login-action` step before berth); given, they win over it.",
    form: { kind: 'block' },
    secret: 'value',
    in: ['build', 'deploy', 'rollback'],
  },
  'registry-ca-cert': {
    description:
      "`build`: PEM of the private CA (or a path to it) that a self-hosted registry's certificate chains to. The docker engine must trust it too (`/etc/docker/certs.d/HOST/ca.crt`). Also used for connections tunnelled through `HTTPS_PROXY`.",
    form: { kind: 'block' },
    in: ['build'],
  },
  'registry-insecure': {
    description:
      '`build`: allow plain HTTP to the registry after HTTPS fails (as docker does for loopback registries).',
    default: 'false',
    form: { kind: 'boolean' },
    in: ['build'],
  },
  strategy: {
    description:
      '`deploy`: `blue-green` (two colours behind nginx, health-gated switch, zero downtime), `recreate` (for workers that serve no HTTP: stop the old container, start the new one, and put the old one back if the new one does not stay up for `verify-time`), `static` (a frontend build directory, `dir`, to S3 or S3-compatible object storage, or to a directory nginx serves: see `static-target`), or `kubernetes` (a Helm release on a cluster — the built-in chart or yours — watched until its new pods are ready, rolled back with the failing pods’ reasons when they are not).',
    describe: {
      deploy:
        '`blue-green` (two colours behind nginx, health-gated switch, zero downtime) or `recreate` (for workers that serve no HTTP: stop the old container, start the new one, and put the old one back if the new one does not stay up for `verify-time`), or `kubernetes` (a Helm release on a cluster, watched until its new pods are ready, rolled back with the failing pods’ reasons when they are not: see `kubeconfig`, `namespace`, `chart`). A static frontend: berth-dev/berth/deploy-static.',
      rollback:
        'The strategy the environment was deployed with: `blue-green`, `recreate`, `static` or `kubernetes`.',
      doctor:
        'The strategy deploy will use: `blue-green` checks nginx and both ports, `recreate` only Docker (`kubernetes` needs no host: doctor refuses it).',
      status:
        "The strategy the environment is deployed with: the hosts' records are read for `blue-green`, `recreate` and `static` to `nginx-dir`; a `kubernetes` release's history is Helm's.",
    },
    default: 'blue-green',
    form: { kind: 'choice', values: ['blue-green', 'recreate', 'static', 'kubernetes'] },
    in: ['deploy', 'rollback', 'doctor', 'status'],
  },
  app: {
    description:
      '`deploy`/`rollback`: the app name in container names (`<app>-<environment>-blue|green`). Default: the `component`.',
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  port: {
    description: '`deploy`: the port the app listens on inside the container (required).',
    form: { kind: 'port' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'blue-port': {
    description:
      '`deploy`: the host port of the blue colour (required; different from green-port). `recreate`: the one host port, if the worker publishes one.',
    form: { kind: 'port' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'green-port': {
    description: '`deploy`: the host port of the green colour (required).',
    form: { kind: 'port' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'bind-address': {
    description:
      '`deploy`: the host address the colours are published on; loopback, so only nginx reaches them.',
    default: '127.0.0.1',
    form: { kind: 'ip' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'health-path': {
    description: '`deploy`: the HTTP path that answers 2xx when the app is ready.',
    default: '/health',
    form: { kind: 'path' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'health-timeout': {
    description:
      "`deploy`: seconds the new colour has to become healthy before it is removed and the deploy fails. Strategy `kubernetes`: seconds every new pod has to be ready before the release is rolled back (the Deployment's progress deadline is 10 s shorter).",
    default: '60',
    form: { kind: 'integer', min: 1, max: 3600 },
    field: 'healthTimeoutSeconds',
    in: ['deploy', 'rollback', 'doctor'],
  },
  env: {
    description:
      "`deploy`: the app's environment, one `KEY=VALUE` per line (typically from secrets). On the runner's own host it goes to the Docker engine inside the create request; over SSH as a 0600 file deleted right after the container starts. Masked; never on a command line or on disk beyond that.",
    form: { kind: 'lines' },
    secret: 'value',
    in: ['deploy', 'rollback', 'doctor'],
  },
  'nginx-upstream-file': {
    description:
      "`deploy`: the include file berth owns (required), in nginx's http block. It holds the upstream your server block proxies to (`proxy_pass http://<nginx-upstream-name>;`), both colours and the switch between them; berth switches by a marker file next to it, so nginx's workers must be able to enter its directory (e.g. `/etc/nginx/berth`). nginx reloads only when this file changes.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'nginx-upstream-name': {
    description: "`deploy`: the upstream block's name. Default: `<app>_<environment>`.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'nginx-command': {
    description:
      '`deploy`: how this host runs nginx, e.g. `sudo nginx` or `nginx -p /srv/nginx -c conf/nginx.conf`.',
    default: 'nginx',
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'keep-images': {
    description: '`deploy`: how many images of this app to keep on the host (older ones are removed).',
    default: '3',
    form: { kind: 'integer', min: 1, max: 100 },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'state-dir': {
    description:
      '`deploy`/`rollback`: where the host keeps the live colour, history and locks (`status` reads them there). Default: `~/.berth`.',
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  history: {
    description: "`status`: how many of the last deploys of the host's history to show per host (0: none).",
    default: '10',
    form: { kind: 'integer', min: 0, max: 1000 },
    field: 'historyCount',
    in: ['status'],
  },
  'lock-timeout': {
    description:
      '`deploy`/`rollback`: seconds to wait for another deploy of the same app and environment; a lock older than this is broken.',
    default: '600',
    form: { kind: 'integer', min: 0, max: 86400 },
    field: 'lockTimeoutSeconds',
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  github: {
    description:
      "`doctor`: also read the repository's settings through the GitHub API and add a table of what is missing and where to set it: each config environment's deployment branches and required reviewers, the default workflow token permissions, the fork pull request approval policy, and whether the default branch and each environment's branches require `quality-check`. An environment any branch can deploy to (or one GitHub does not have) fails doctor, as a missing host check does; the other rows warn. A row GitHub would not show this token (several need a repository admin's) is reported as not readable, with the permission it needs, and does not fail.",
    default: 'false',
    form: { kind: 'boolean' },
    in: ['doctor'],
  },
  'quality-check': {
    description:
      "`doctor` with `github: true`: the status check branch protection should require: the name of the quality job that always reports (the templates' `quality-check`), matched alone or as the last part of a reusable workflow's `caller / quality-check`.",
    default: 'quality-check',
    form: { kind: 'text' },
    in: ['doctor'],
  },
  'allow-unprotected-environment': {
    description:
      '`deploy`/`rollback`: deploy even when GitHub says the environment has no deployment branch policy (any branch could deploy to it) or cannot say (no such environment, no `actions: read`, GitHub not answering). Each run then warns what is unprotected. Without it such a deploy fails before the host changes, naming Settings → Environments → <environment> → Deployment branches and tags.',
    default: 'false',
    form: { kind: 'boolean' },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'check-environment-protection': {
    description:
      "`deploy`/`rollback`: when to read the environment's protection (deployment branch policy, required reviewers) through the GitHub API: `auto` in GitHub Actions only (`GITHUB_ACTIONS=true`; the CLI elsewhere says once it did not check), `always` from the CLI too (with `github-token` holding `actions: read`, `--repository` and `GITHUB_API_URL`).",
    default: 'auto',
    form: { kind: 'choice', values: ['auto', 'always'] },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'metrics-textfile-dir': {
    description:
      "`deploy`/`rollback`: node_exporter's textfile collector directory on the host (its `--collector.textfile.directory`, e.g. `/var/lib/prometheus/node-exporter`): after every attempt berth writes `berth-<app>-<environment>.prom` there (atomically, 0644) from the host's history — deploys by action and result, their durations, what is live (colour, version, commit), the last success, and the four DORA figures over 30 days. Empty: none written.",
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'metrics-pushgateway': {
    description:
      '`deploy`/`rollback`: a Prometheus Pushgateway (`http://pushgateway:9091`) that gets the same metrics after every attempt, in the group `job="berth", app, environment` (PUT: the group is replaced). A push that fails (tried 3 times) is a warning; the deploy’s result stands.',
    form: { kind: 'http-url' },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'github-deployment': {
    description:
      "`deploy`/`rollback`: record the deploy in GitHub's Deployments (the repository's environments page and deployments list): a deployment of the commit (`sha`) to `environment` — task `deploy` or `rollback`, the component in its payload — with statuses `in_progress` then `success` (with `environment-url`) or `failure` (the failed step and the error), and the component's previous successful deployment marked `inactive`. `auto`: from the CLI (Jenkins, cron) when `github-token` and the repository are set; in GitHub Actions the job's `environment:` records the deploy already. `true`: in GitHub Actions too (a job without `environment:`). `false`: never. Needs `deployments: write`. A record that cannot be written is a warning; the deploy's result stands.",
    default: 'auto',
    form: { kind: 'choice', values: ['auto', 'true', 'false'] },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'notify-webhook': {
    description:
      "`deploy`/`rollback`: an incoming webhook (from a secret) that gets one message per deploy: app, environment, component, image, result (deployed, rolled back or failed), duration, the public address and the run's link; on failure the step that failed and the error's last lines. A Slack or Discord incoming webhook, or any address that takes berth's JSON document (`notify-format: json`, described in the README). The address is a secret: masked, never logged or in an error. A message that cannot be delivered (tried 3 times on a 5xx, 429 or network error, 10 s each) is a warning; the deploy's result stands.",
    describe: {
      'deploy-static':
        "An incoming webhook (from a secret) that gets one message per deploy: app, environment, result (deployed, rolled back or failed), duration, the site's address and the run's link; on failure the step that failed and the error's last lines. A Slack or Discord incoming webhook, or any address that takes berth's JSON document (`notify-format: json`, described in the README). Masked, never logged; a message that cannot be delivered (3 tries) is a warning, never a failed deploy.",
    },
    form: { kind: 'block' },
    secret: 'value',
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'notify-format': {
    description:
      "`deploy`/`rollback`: the message `notify-webhook` gets: `slack` (an incoming webhook's `text` and `blocks`), `discord` (an embed, no mentions), `json` (berth's own document, see the README), or `auto`: `slack` for `hooks.slack.com`, `discord` for `discord.com/api/webhooks` (and `discordapp.com`), else `json`.",
    default: 'auto',
    form: { kind: 'choice', values: ['auto', 'slack', 'discord', 'json'] },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'stop-timeout': {
    description:
      "`deploy`: seconds the old colour gets to stop gracefully (SIGTERM) before Docker kills it. On the runner's own host the deploy does not wait for that: the engine finishes the stop, and the next deploy waits for it.",
    default: '30',
    form: { kind: 'integer', min: 0, max: 3600 },
    field: 'stopTimeoutSeconds',
    in: ['deploy', 'rollback', 'doctor'],
  },
  'drain-timeout': {
    description:
      '`deploy`/`rollback`: seconds the old colour keeps running after the switch for the requests still on their way to it (its open connections) to finish; it is stopped as soon as they have, or when this has passed (with a warning naming how many were still open).',
    default: '30',
    form: { kind: 'integer', min: 0, max: 3600 },
    field: 'drainTimeoutSeconds',
    in: ['deploy', 'rollback', 'doctor'],
  },
  'verify-time': {
    description:
      '`deploy` with strategy `recreate`: seconds the new container must keep running (never restarted) to count as up.',
    default: '10',
    form: { kind: 'integer', min: 0, max: 3600 },
    field: 'verifyTimeSeconds',
    in: ['deploy', 'rollback', 'doctor'],
  },
  'ssh-host': {
    description:
      "`deploy`/`rollback`: deploy to these servers over SSH instead of this runner's host: `host`, `user@host` or `user@host:port`, several separated by commas or new lines (deployed one at a time; the first failure stops the run and the rest keep the old version). The servers need a POSIX shell, Docker and (for blue-green) nginx; not Node. Empty: this host.",
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  'ssh-user': {
    description:
      '`deploy`/`rollback` over SSH: the user on the servers (and bastions) unless a host says `user@`.',
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  'ssh-port': {
    description: '`deploy`/`rollback` over SSH: the port unless a host says `:port`.',
    default: '22',
    form: { kind: 'integer', min: 1, max: 65535 },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  'ssh-key': {
    description:
      '`deploy`/`rollback` over SSH: the private key (from a secret; the whole file, no passphrase). It is written to a 0600 file for the run and removed after it (by the post step when the run is cancelled or killed); masked.',
    form: { kind: 'block' },
    secret: 'block',
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  'ssh-known-hosts': {
    description:
      "`deploy`/`rollback` over SSH: the host keys of every server and bastion, as `ssh-keyscan -p PORT HOST` prints them (checked against the servers' own keys). Required: host keys are always verified.",
    form: { kind: 'lines' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  bastion: {
    description:
      '`deploy`/`rollback` over SSH: jump hosts between this runner and the servers, in order: `user@host:port`, separated by commas (ProxyJump; the same key and known hosts apply to every hop).',
    form: { kind: 'text' },
    in: ['deploy', 'deploy-static', 'rollback', 'doctor', 'status'],
  },
  'nginx-server-file': {
    description:
      '`deploy`: where berth writes a `server` block for the app (e.g. `/etc/nginx/conf.d/berth-shop-dev.conf`, a directory your nginx includes). Empty: berth writes only the upstream include and your own server block proxies to it. Needed for `access-allow` and `basic-auth`.',
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'nginx-server-name': {
    description:
      '`deploy` with `nginx-server-file`: the `server_name`s, separated by spaces or commas (`_`: any).',
    default: '_',
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'nginx-listen': {
    description:
      '`deploy` with `nginx-server-file`: what the server block listens on: `PORT`, `IPv4:PORT` or `[IPv6]:PORT`, several separated by commas.',
    default: '80',
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'access-allow': {
    description:
      '`deploy` with `nginx-server-file`: only these addresses or CIDRs may reach the app (nginx `allow …; deny all;`), e.g. your office and VPN ranges for a developers-only environment. Empty: everyone.',
    form: { kind: 'text' },
    in: ['deploy', 'rollback', 'doctor'],
  },
  'basic-auth': {
    description:
      '`deploy` with `nginx-server-file`: `user:password` (from a secret) for HTTP basic auth in front of the app; stored on the server as a salted hash next to the server block; masked. With `access-allow`, a request needs both.',
    form: { kind: 'block' },
    secret: 'block',
    in: ['deploy', 'rollback', 'doctor'],
  },
  kubeconfig: {
    description:
      "`deploy`/`rollback` with strategy `kubernetes`: the cluster's kubeconfig (a secret): NHN Cloud NKS's downloaded file, a ServiceAccount token kubeconfig (Naver Cloud's guide for CI), or one whose user runs an `exec` credential plugin (ncp-iam-authenticator, which must then be on the runner). Written 0600 for helm and kubectl and removed by the post step. Default: `eks-cluster`, else the runner's own (`KUBECONFIG`, `~/.kube/config`).",
    form: { kind: 'block' },
    secret: 'parsed',
    in: ['deploy', 'rollback'],
  },
  'eks-cluster': {
    description:
      "`deploy`/`rollback` with strategy `kubernetes` on EKS: the cluster's name. berth reads its address with eks:DescribeCluster and mints the token itself (as `aws eks get-token` does) from the job's AWS credentials (aws-actions/configure-aws-credentials with an OIDC role): no AWS CLI needed.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'eks-region': {
    description: '`eks-cluster`: its AWS region. Default: `AWS_REGION` (set by configure-aws-credentials).',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  namespace: {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: the namespace of the release (it must exist: berth does not create namespaces).',
    default: 'default',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  release: {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: the Helm release name, or with `manifests` the name its kept sets go by (lowercase letters, digits and `-`, at most 53). Default: `<app>-<environment>`, lowercased.',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  chart: {
    description:
      "`deploy` with strategy `kubernetes`: your Helm chart — a directory in the repository, `repo/name` or `oci://…` (then with `chart-version`). Empty: berth's built-in chart (a Deployment that never has fewer ready pods than `replicas`, readiness and liveness on `health-path`, a preStop pause of 5 s (or `drain-timeout`, when shorter) so endpoints drop a pod before it stops, `env` in a Secret, a Service on port 80, an Ingress for `ingress-host`). Your chart gets the image in the values `berth.image`, `berth.imageRepository` and `berth.imageDigest` (or name them in `values`); berth watches each Deployment of the release by its own selector.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  manifests: {
    description:
      "`deploy`/`rollback` with strategy `kubernetes`, for a team without Helm: a directory of the workspace holding plain manifests (every `*.yaml` and `*.yml` under it, in path order), instead of `chart`. Each object goes into `namespace` (one naming another namespace is refused); every container whose image is the deployed image's repository (any tag) runs the deployed digest, and `${image-ref}` in an image is replaced by it. Applied server-side as field manager `berth`, watched as a chart is; each applied set is kept in the namespace as the Secret `berth-manifests.<release>.v<N>`, and a refused deploy or `rollback` re-applies a kept set.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'chart-version': {
    description: '`chart` from a repository or OCI registry: the version to install, pinned (e.g. `1.4.2`).',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'values-files': {
    description:
      '`deploy` with strategy `kubernetes`: Helm values files, relative to the workspace, one per line (later ones win).',
    form: { kind: 'lines' },
    in: ['deploy', 'rollback'],
  },
  values: {
    description:
      '`deploy` with strategy `kubernetes`: values, one `dotted.key=value` per line, after the files (`true`, `false` and whole numbers are typed; anything else is a string). `${image-ref}`, `${image-repository}` and `${image-digest}` are replaced by the image deployed, e.g. `image.repository=${image-repository}` and `image.digest=${image-digest}`. Written to a 0600 values file, never on a command line.',
    form: { kind: 'lines' },
    in: ['deploy', 'rollback'],
  },
  replicas: {
    description: '`deploy` with the built-in chart: the pods to run (a rollout never has fewer ready).',
    default: '2',
    form: { kind: 'integer', min: 1, max: 1000 },
    in: ['deploy', 'rollback'],
  },
  rollout: {
    description:
      '`deploy` with the built-in chart: `rolling` (one Deployment, new pods ready before old ones go) or `blue-green` (a Deployment per colour, `<release>-blue` and `<release>-green`: the idle one gets the new image, and only when all its pods are ready does the Service switch to it; the old colour keeps running, so `rollback` switches back at once).',
    default: 'rolling',
    form: { kind: 'choice', values: ['rolling', 'blue-green'] },
    in: ['deploy', 'rollback'],
  },
  'ingress-host': {
    description:
      '`deploy` with the built-in chart: a host name to route to the Service with an Ingress (e.g. `shop.example.com`); `url` is then `http://<host>`.',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'image-pull-secrets': {
    description:
      "`deploy` with the built-in chart: the namespace's Secrets (type docker-registry) the nodes pull a private image with, comma-separated.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'env-from-secrets': {
    description:
      "`deploy` with the built-in chart: environment variables from the cluster's Secrets, one `NAME=secret/key` per line (the value never passes through the runner).",
    form: { kind: 'lines' },
    in: ['deploy', 'rollback'],
  },
  revision: {
    description:
      '`rollback` with strategy `kubernetes`: the Helm revision (or with `manifests`, the kept set’s revision) to return to. Default: the last one before the live one that went live.',
    form: { kind: 'text' },
    in: ['rollback'],
  },
  'helm-path': {
    description:
      "`deploy`/`rollback` with strategy `kubernetes`: the helm (4.x) to run. Default: a Helm 4 on PATH, else Helm 4.1.4 downloaded, checked against its SHA-256 and kept in the runner's tool cache.",
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'kubectl-path': {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: the kubectl to run. Default: one on PATH within a minor version of 1.35, else kubectl 1.35.2 downloaded, checked and cached as helm is.',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'kube-tools-url': {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: a mirror to download helm and kubectl from, laid out as `https://get.helm.sh` and `https://dl.k8s.io` are (an internal mirror for runners without internet).',
    form: { kind: 'text' },
    in: ['deploy', 'rollback'],
  },
  'kube-tools-sha256': {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: SHA-256 of the downloads, `helm=<hex>` and `kubectl=<hex>` one per line, for a version or platform whose checksum berth does not carry.',
    form: { kind: 'lines' },
    in: ['deploy', 'rollback'],
  },
  'image-transfer': {
    description:
      '`deploy`/`rollback` over SSH: `pull` (the server pulls from the registry, logged in with the registry inputs) or `stream` (this runner pulls and streams the image over SSH with `docker save | docker load`, for servers with no route to the registry).',
    default: 'pull',
    form: { kind: 'choice', values: ['pull', 'stream'] },
    in: ['deploy', 'rollback', 'doctor'],
  },
  dir: {
    description:
      '`deploy` with strategy `static`: the build directory to publish (relative to the workspace), e.g. `frontend/build` or `frontend/out`. Required.',
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  'static-target': {
    description:
      '`deploy`/`rollback` with strategy `static`: `s3` (an S3 bucket, or S3-compatible object storage such as NCP or NHN Object Storage with `s3-endpoint`) or `nginx-dir` (a releases directory on this host or on `ssh-host`, served by nginx through the `current` symlink).',
    default: 's3',
    form: { kind: 'choice', values: ['s3', 'nginx-dir'] },
    in: ['deploy-static', 'rollback', 'status'],
  },
  's3-bucket': {
    description:
      "`deploy` to `s3`: the bucket (required). Credentials come from the AWS SDK's standard chain (e.g. aws-actions/configure-aws-credentials, or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY).",
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  's3-prefix': {
    description:
      "`deploy` to `s3`: the key prefix the site lives under (e.g. `shop/`); empty: the bucket's root. Only keys under it are compared or deleted.",
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  's3-region': {
    description:
      "`deploy` to `s3`: the bucket's region (e.g. `ap-northeast-2`; NCP `kr-standard`, NHN `KR1`). Empty: the SDK's (AWS_REGION).",
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  's3-endpoint': {
    description:
      '`deploy` to `s3`: the endpoint of S3-compatible storage (e.g. `https://kr.object.ncloudstorage.com` for NCP, `https://kr1-api-object-storage.nhncloudservice.com` for NHN); used with path-style addressing and checksums only where the API requires them. Empty: AWS S3.',
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  'cloudfront-distribution-id': {
    description:
      "`deploy` to `s3`: the CloudFront distribution in front of the bucket, to invalidate what changed (needs `cloudfront:CreateInvalidation`; `cloudfront:GetInvalidation` with `cloudfront-wait`). Paths are the viewer's: the distribution's origin path is taken to be `s3-prefix`.",
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  'cloudfront-invalidate': {
    description:
      '`deploy` with `cloudfront-distribution-id`: `changed` (the replaced files that are not content-hashed, e.g. `/index.html` and `/`) or `all` (`/*`).',
    default: 'changed',
    form: { kind: 'choice', values: ['changed', 'all'] },
    in: ['deploy-static', 'rollback'],
  },
  'cloudfront-wait': {
    description:
      '`deploy` with `cloudfront-distribution-id`: wait (up to 20 minutes) until the invalidation has completed; removed files are deleted after it.',
    default: 'false',
    form: { kind: 'boolean' },
    in: ['deploy-static', 'rollback'],
  },
  'cache-control': {
    description:
      '`deploy` to `s3`: Cache-Control overrides, one `GLOB=VALUE` per line, first match wins (a glob without `/` matches file names), e.g. `fonts/**=public, max-age=31536000, immutable`. Otherwise content-hashed files (`main.3f2a1b9c.js`, `index-Bk3R9qZ1.js`) get `public, max-age=31536000, immutable` and HTML and everything else `no-cache`.',
    form: { kind: 'lines' },
    in: ['deploy-static', 'rollback'],
  },
  'delete-removed': {
    description:
      '`deploy` to `s3`: delete the objects under `s3-prefix` that the new build no longer has, after its HTML is live (and `keep-previous` has passed).',
    default: 'true',
    form: { kind: 'boolean' },
    in: ['deploy-static', 'rollback'],
  },
  'keep-previous': {
    description:
      '`deploy` to `s3` with `delete-removed`: how long a file the build no longer has stays, for visitors with an old page open: `0`, or a number with `s`, `m`, `h` or `d` (`30m`, `1h`, `7d`). Files are deleted by the first deploy after that (berth keeps the dates in `<s3-prefix>.berth/removed.json`).',
    default: '1h',
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  'static-root': {
    description:
      "`deploy`/`rollback` to `nginx-dir`: the absolute directory on the host that holds `releases/` and the `current` symlink; point nginx's `root` at `<static-root>/current`. Each deploy copies `dir` to `releases/<commit>` and switches `current` atomically; `rollback` switches back to the release before the live one.",
    form: { kind: 'text' },
    in: ['deploy-static', 'rollback'],
  },
  'keep-releases': {
    description: '`deploy` to `nginx-dir`: how many releases to keep (the live one always stays).',
    default: '5',
    form: { kind: 'integer', min: 1, max: 100 },
    in: ['deploy-static', 'rollback'],
  },
  'coverage-files': {
    description:
      '`coverage`: glob patterns of the coverage reports, one per line or comma-separated (`!` excludes), relative to the workspace or absolute (inside it, or outside: `${{ runner.temp }}/reports/**/*.xml`), e.g. `**/build/reports/jacoco/test/jacocoTestReport.xml` and `frontend/coverage/lcov.info`. Several reports are merged (modules, split test runs).',
    form: { kind: 'lines' },
    in: ['coverage'],
  },
  'coverage-format': {
    description:
      '`coverage`: `auto` (detected by content) or one of `jacoco-xml`, `lcov`, `cobertura-xml`, `clover-xml`, `istanbul-json-summary`, `istanbul-json`; `jacoco`, `cobertura` and `clover` are read as `jacoco-xml`, `cobertura-xml` and `clover-xml`.',
    default: 'auto',
    form: {
      kind: 'choice',
      values: [
        'auto',
        'jacoco-xml',
        'lcov',
        'cobertura-xml',
        'clover-xml',
        'istanbul-json-summary',
        'istanbul-json',
      ],
      // Not `istanbul`: it would be either of two formats.
      aliases: { jacoco: 'jacoco-xml', cobertura: 'cobertura-xml', clover: 'clover-xml' },
    },
    in: ['coverage'],
  },
  'min-line': {
    description:
      '`coverage`: fail the step when line coverage is below this percentage (e.g. `80`). Empty: no line gate.',
    form: { kind: 'percent' },
    in: ['coverage'],
  },
  'min-branch': {
    description:
      '`coverage`: fail the step when branch coverage is below this percentage; a report without branch data fails it. Empty: no branch gate.',
    form: { kind: 'percent' },
    in: ['coverage'],
  },
  'min-changed-lines': {
    description:
      '`coverage` on a pull request: fail the step when the coverable lines the PR adds or changes are covered below this percentage (a PR that changes none passes). Empty: no changed-lines gate.',
    form: { kind: 'percent' },
    in: ['coverage'],
  },
  'max-drop': {
    description:
      '`coverage`: fail the step when line coverage falls more than this many percentage points below the base figure (`base-coverage-file`), e.g. `0.5`. `0` allows no drop. Empty: no drop gate. Without a base figure the condition is skipped with a warning.',
    form: { kind: 'percent' },
    in: ['coverage'],
  },
  'base-coverage-file': {
    description:
      "`coverage`: the base branch's figures, for the delta in the report and `max-drop`: the `report-file` a `coverage` run on the base branch wrote (kept as an artifact), or any coverage report berth reads. A path relative to the workspace or absolute (`${{ runner.temp }}/base/berth-coverage.json`), or a glob that selects one file. A path that does not exist, or a glob that selects none (no base run yet), gives a warning, not a failure.",
    form: { kind: 'text' },
    in: ['coverage'],
  },
  'junit-files': {
    description:
      '`coverage`: glob patterns of JUnit XML test results (Surefire/Gradle, jest-junit, pytest), as `coverage-files` takes them (relative or absolute, `!` excludes), to report with the coverage: passed, failed, skipped, time and the failures (output `tests-failed`).',
    form: { kind: 'lines' },
    in: ['coverage'],
  },
  comment: {
    description:
      "`coverage` and `quality-gate` on a pull request: keep berth's one PR comment up to date with this report (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for `command: comment`).",
    describe: {
      coverage:
        "On a pull request: keep berth's one PR comment up to date with this report (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for berth-dev/berth/comment).",
      'quality-gate':
        "On a pull request: keep berth's one PR comment up to date with the gate (needs `pull-requests: write`; a fork's read-only token gets the summary, and the sections in output `comment-dir` for berth-dev/berth/comment).",
    },
    default: 'true',
    form: { kind: 'boolean' },
    in: ['coverage', 'quality-gate'],
  },
  'comment-dir': {
    description:
      "`comment`: the directory (relative to the workspace, or absolute: `${{ runner.temp }}/berth-comment`) holding the section data files (`<section>.json`) downloaded from the pull_request run's `comment-dir` artifacts (several: `merge-multiple: true`). Only names like `coverage-backend.json` are read (plain files, at most 20, each at most 1 MiB and valid against berth's comment-data schema); berth renders them itself, and the pull request they name is used only when GitHub says its head commit and head repository are the `workflow_run`'s.",
    form: { kind: 'text' },
    in: ['comment'],
    required: ['comment'],
  },
  needs: {
    description:
      "`quality-check`: `${{ toJSON(needs) }}` of the job it runs in, which needs every quality job (and runs `if: always()`): each job's `result`, and a quality job's `component` and `tested` outputs (berth-quality.yml's).",
    describe: {
      'quality-check':
        "`${{ toJSON(needs) }}` of the job it runs in, which needs every quality job (and runs `if: always()`): each job's `result`, and a quality job's `component` and `tested` outputs (berth-quality.yml's).",
    },
    form: { kind: 'lines' },
    in: ['quality-check'],
    required: ['quality-check'],
  },
  'working-directory': {
    description:
      '`quality-gate`: the directory the SonarQube scanner ran in, relative to the workspace; its `report-task.txt` is looked for there. Default: the workspace.',
    form: { kind: 'text' },
    in: ['quality-gate'],
  },
  'report-task-file': {
    description:
      '`quality-gate`: the `report-task.txt` the scanner wrote, relative to `working-directory`. Default: found in `.scannerwork/` (sonar-scanner), `target/sonar/` (Maven), `build/sonar/` (Gradle) or `.sonarqube/out/.sonar/` (.NET), there or in a subdirectory (a monorepo module).',
    form: { kind: 'text' },
    in: ['quality-gate'],
  },
  'ce-task-id': {
    description:
      "`quality-gate`: the analysis's compute engine task id (`ceTaskId` of `report-task.txt`), instead of reading the file; needs `sonar-host-url`.",
    form: { kind: 'task-id' },
    in: ['quality-gate'],
  },
  'sonar-host-url': {
    description:
      '`quality-gate`: the SonarQube server (`https://sonar.example.com`, context path included; `https://sonarcloud.io` for SonarQube Cloud). Default: the `SONAR_HOST_URL` environment variable, else `serverUrl` of `report-task.txt`. Setting it keeps the token from going wherever a report file says.',
    form: { kind: 'http-url' },
    in: ['quality-gate'],
  },
  'sonar-token': {
    description:
      "`quality-gate`: a SonarQube token (from a secret) whose user may browse the project: a user token or the project analysis token the scanner used. Default: the `SONAR_TOKEN` environment variable, as SonarSource's scanners and actions read it. Sent as `Authorization: Bearer` (Basic login to servers before 10.0); masked.",
    form: { kind: 'block' },
    secret: 'value',
    in: ['quality-gate'],
  },
  'sonar-ca-cert': {
    description:
      "`quality-gate`: PEM of the private CA (or a path to it) that a self-hosted SonarQube's certificate chains to; trusted besides the public CAs. Default: the `SONAR_ROOT_CERT` environment variable. Also used for connections tunnelled through `HTTPS_PROXY`.",
    form: { kind: 'block' },
    in: ['quality-gate'],
  },
  timeout: {
    description:
      '`quality-gate`: seconds to wait for SonarQube to process the analysis and give the gate; the step fails after that, with the last status seen.',
    default: '300',
    form: { kind: 'integer', min: 1, max: 21600 },
    field: 'timeoutSeconds',
    in: ['quality-gate'],
  },
  'fail-on-warn': {
    description:
      '`quality-gate`: fail the step when the gate is `WARN` (warning thresholds, SonarQube before 7.6), not only when it is `ERROR`.',
    default: 'false',
    form: { kind: 'boolean' },
    in: ['quality-gate'],
  },
} as const satisfies Record<string, InputSpec>;

export type InputName = keyof typeof INPUTS;

/**
 * Inputs that say what to do and where, not how: the workflow step gives them, never a config's `with:`
 * (the loader refuses them there; the JSON Schema leaves them out). Secrets are refused there too.
 */
export const STEP_ONLY_INPUTS: readonly InputName[] = [
  'command',
  'config',
  'component',
  'components',
  'environment',
];

export const OUTPUTS = {
  matrix: {
    description:
      'JSON for `strategy.matrix`: `{"include":[{"component":…,"environment":…,"runner":"[…]","kind":…,"dir":…,"url":…}]}`, one entry per selected component; `runner` is the runner labels as a JSON list, for `runs-on: ${{ fromJSON(matrix.runner) }}`; `kind` is `static` for a component whose config says `strategy: static` (then `dir` is its build directory), else `image`; `url` is the public address of the app there (`url` in the config; absent when none), for `environment: { name: …, url: ${{ matrix.url }} }`.',
    in: ['plan'],
  },
  components: {
    description: 'JSON array of the selected component names.',
    in: ['plan'],
  },
  environment: {
    description: 'The environment this plan deploys to; empty when it does not deploy.',
    in: ['plan'],
  },
  deploy: {
    description: '`true` when this plan deploys (an environment and at least one component), else `false`.',
    in: ['plan'],
  },
  'has-work': {
    description: '`true` when at least one component is selected (for deploy or quality work), else `false`.',
    in: ['plan'],
  },
  image: {
    description: '`build`: the image name, registry included, without tag.',
    in: ['build'],
  },
  tags: {
    description: '`build`: the pushed references (`image:tag`), one per line.',
    in: ['build'],
  },
  digest: {
    description: '`build`: the manifest digest (`sha256:…`) the registry reports for the pushed image.',
    in: ['build'],
  },
  'image-ref': {
    description:
      '`build`: `image@digest`, the immutable reference `deploy` should use. `deploy`/`rollback`: the image now live.',
    describe: {
      build: '`image@digest`, the immutable reference deploy should use.',
      deploy: 'The image now live (`image@digest`).',
      rollback: 'The image now live (`image@digest`).',
      status:
        'The image live on every host (`image@digest`); empty when the hosts run different images or nothing is live.',
    },
    in: ['build', 'deploy', 'rollback', 'status'],
  },
  skipped: {
    description: "`build`: `true` when the registry already held this commit's image and nothing was built.",
    in: ['build'],
  },
  metadata: {
    description: '`build`: JSON with all of the above, the builder used and the build time.',
    in: ['build'],
  },
  color: {
    description: '`deploy`/`rollback`: the colour now live (`blue` or `green`).',
    in: ['deploy', 'rollback'],
  },
  revision: {
    description: '`deploy`/`rollback` with strategy `kubernetes`: the Helm revision now live.',
    in: ['deploy', 'rollback'],
  },
  'previous-revision': {
    description:
      '`deploy`/`rollback` with strategy `kubernetes`: the revision that was live before (empty for a first install).',
    in: ['deploy', 'rollback'],
  },
  'previous-image-ref': {
    description: '`deploy`/`rollback`: the image that was live before.',
    in: ['deploy', 'rollback'],
  },
  url: {
    description:
      "`deploy`/`rollback`: the address nginx now proxies to (the live colour), not the public one (see `environment-url`). Strategy `kubernetes`: the Service's address in the cluster (`http://<release>.<namespace>.svc`), or `http://<ingress-host>`. Strategy `static`: the bucket's address of the site (`s3`), or the live release directory (`nginx-dir`).",
    describe: {
      'deploy-static':
        "The bucket's address of the site (`s3`), or the live release directory (`nginx-dir`).",
    },
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'environment-url': {
    description:
      "`deploy`/`rollback`: the app's public address (the `environment-url` input, else the config's `url` for this environment and component), for a job's `environment.url`; empty when none is set. Unlike `url`, which is where berth points its upstream, this is where users reach the app.",
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'files-uploaded': {
    description:
      '`deploy` with strategy `static`: files uploaded (`s3`: new or changed only) or copied (`nginx-dir`).',
    in: ['deploy-static', 'rollback'],
  },
  'files-deleted': {
    description:
      '`deploy` with strategy `static` to `s3`: objects deleted because the build no longer has them.',
    in: ['deploy-static', 'rollback'],
  },
  'bytes-uploaded': {
    description: '`deploy` with strategy `static`: bytes of the files uploaded or copied.',
    in: ['deploy-static', 'rollback'],
  },
  'invalidation-id': {
    description:
      '`deploy` with `cloudfront-distribution-id`: the CloudFront invalidation created; empty when nothing needed one.',
    in: ['deploy-static', 'rollback'],
  },
  'line-coverage': {
    description: '`coverage`: line coverage in percent, one decimal, truncated (`83.3`).',
    in: ['coverage'],
  },
  'branch-coverage': {
    description: '`coverage`: branch coverage in percent; empty when the reports have no branch data.',
    in: ['coverage'],
  },
  'lines-covered': {
    description: '`coverage`: covered lines, as the coverage tools count them.',
    in: ['coverage'],
  },
  'lines-total': {
    description: '`coverage`: coverable lines.',
    in: ['coverage'],
  },
  'branches-covered': {
    description: '`coverage`: covered branches; empty without branch data.',
    in: ['coverage'],
  },
  'branches-total': {
    description: '`coverage`: branches; empty without branch data.',
    in: ['coverage'],
  },
  'tests-failed': {
    description: '`coverage` with `junit-files`: failed and errored tests.',
    in: ['coverage'],
  },
  'changed-lines-coverage': {
    description:
      '`coverage` on a pull request: coverage of the coverable lines it adds or changes, in percent; empty elsewhere.',
    in: ['coverage'],
  },
  passed: {
    description:
      '`coverage`: `true` when every threshold is met (or none is set), else `false`. `quality-check`: `true` when the check passes. `doctor`: `true` when every required check passed.',
    describe: {
      coverage: '`true` when every threshold is met (or none is set), else `false`.',
      'quality-check':
        '`true` when no needed job failed or was cancelled and every component the pull request touches was tested, else `false`.',
      doctor: '`true` when every required check passed.',
    },
    in: ['coverage', 'quality-check', 'doctor'],
  },
  'line-coverage-delta': {
    description:
      "`coverage` with a base figure: line coverage minus the base's, in percentage points (`-0.42`); empty without one.",
    in: ['coverage'],
  },
  'report-file': {
    description:
      "`coverage`: a small JSON file (in the runner's temp directory) with this run's figures; keep it as an artifact on the base branch and give it to pull request runs as `base-coverage-file`.",
    in: ['coverage'],
  },
  status: {
    description:
      '`status`: one line of JSON, `{"app","environment","hosts":[…]}`; each host: `host`, `state-dir`, `live` (`strategy`, `color`, `image-ref`, `commit`, `since`, `container`: `running`, `exited (code N)`, `missing`, … or null when nothing is live), `deploys` (how many the history holds), `skipped-lines` (history lines that are not berth’s) and `history`, the last deploys newest first (`at`, `action`, `result`, `color`, `image-ref`, `previous-image-ref`, `commit`, `actor`, `run-id`, `duration-ms`, `error`).',
    in: ['status'],
  },
  hosts: {
    description:
      '`deploy`/`rollback`: JSON list, one entry per host deployed: `host`, `color`, `image-ref`, `previous-image-ref`.',
    in: ['deploy', 'rollback'],
  },
  'duration-ms': {
    description: '`deploy`/`rollback`: how long the deploy took, lock to record.',
    in: ['deploy', 'deploy-static', 'rollback'],
  },
  'quality-gate-status': {
    description:
      "`quality-gate`: the gate's verdict in the words of SonarSource's sonarqube-quality-gate-action: `PASSED`, `WARN`, `FAILED` (the step fails), or `NONE` (the project has no gate; passes with a warning).",
    in: ['quality-gate'],
  },
  'dashboard-url': {
    description:
      '`quality-gate`: the address of the analysis in SonarQube (the project dashboard, branch or pull request).',
    in: ['quality-gate'],
  },
  'comment-dir': {
    description:
      "`coverage` and `quality-gate` on a pull request: the directory (in the runner's temp directory) with the data of each PR comment section the step reported (figures, file and test names; no Markdown), as `<section>.json`; upload it as an artifact and post it with `command: comment` from a `workflow_run` workflow, for pull requests from forks.",
    in: ['coverage', 'quality-gate'],
  },
} as const satisfies Record<string, OutputSpec>;
export type OutputName = keyof typeof OUTPUTS;

const COMMAND_TAG = /^`[a-z-]+`(?:\/`[a-z-]+`)*(?: and `[a-z-]+`)?/;

/**
 * What an input or output means to one sub-action: its own text when declared, else the root text
 * without the leading command tag (`deploy`/`rollback` over SSH: … → Over SSH: …). Pure.
 */
export function describeFor(
  spec: { readonly description: string; readonly describe?: Partial<Record<SubActionName, string>> },
  sub: SubActionName,
): string {
  const own = spec.describe?.[sub];
  if (own !== undefined) return own;
  const tag = COMMAND_TAG.exec(spec.description);
  if (tag === null) return spec.description;
  let rest = spec.description.slice(tag[0].length);
  if (sub === 'deploy-static') rest = rest.replace(/^ with strategy `static`/, '');
  rest = rest.startsWith(': ') ? rest.slice(2) : rest.trimStart();
  return rest.charAt(0).toUpperCase() + rest.slice(1);
}
