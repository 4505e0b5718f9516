/**
 * The schema of `.github/berth.yml`. It is both the validator's input and the documentation: README's
 * config reference is generated from the descriptions here (scripts/generate-readme.mjs), so what the
 * docs say and what the loader accepts cannot drift apart.
 */

export interface StringSchema {
  kind: 'string';
  description: string;
  /** A pattern the value must match, and how to say it in an error ("a name like backend"). */
  pattern?: RegExp;
  expected?: string;
  enum?: readonly string[];
  /** `http-url`: an absolute http(s) address without a user or password (the URL rule, src/http/url.ts). */
  format?: 'http-url';
}

export interface IntegerSchema {
  kind: 'integer';
  description: string;
  enum?: readonly number[];
}

export interface ListSchema {
  kind: 'list';
  description: string;
  items: StringSchema;
  /** A lone string is accepted as a one-item list (`runner: self-hosted`). */
  acceptSingle?: boolean;
  minItems?: number;
}

export interface FieldSchema {
  schema: Schema;
  required?: boolean;
  /** Filled in by the loader when the key is absent, and shown in the docs. */
  default?: string | readonly string[] | Readonly<Record<string, never>>;
}

export interface ObjectSchema {
  kind: 'object';
  description: string;
  fields: Record<string, FieldSchema>;
}

/** A mapping whose keys are user-chosen names (components, environments), order preserved. */
export interface NamedMapSchema {
  kind: 'named-map';
  description: string;
  keyPattern: RegExp;
  keyExpected: string;
  values: ObjectSchema;
  minEntries?: number;
}

/**
 * Action inputs set in the config (`with:`, as in a workflow step): input name → a string, number,
 * boolean or list of strings (joined by newlines). The validator checks the names against action.yml.
 */
export interface InputsSchema {
  kind: 'inputs';
  description: string;
}

export type Schema = StringSchema | IntegerSchema | ListSchema | ObjectSchema | NamedMapSchema | InputsSchema;

/**
 * Names end up in container names, image names, lock and state directories and GitHub environment names:
 * the one rule for apps, components and environments, in the config file and in the step inputs.
 */
export const NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;
export const NAME_FORM = 'letters, digits, "-", "_" or "."';
const NAME_EXPECTED = `a name of ${NAME_FORM} (at most 63, not starting with a symbol)`;

const nonEmptyString = (description: string): StringSchema => ({
  kind: 'string',
  description,
  pattern: /\S/,
  expected: 'a non-empty string',
});

const publicUrl = (description: string): StringSchema => ({
  kind: 'string',
  description,
  format: 'http-url',
  expected: 'an absolute http(s) address without a user or password, e.g. https://app.example.com',
});

const runnerList = (description: string): ListSchema => ({
  kind: 'list',
  description,
  items: nonEmptyString('A runner label.'),
  acceptSingle: true,
  minItems: 1,
});

export const componentSchema: ObjectSchema = {
  kind: 'object',
  description: 'One deployable part of the repository (a backend, a frontend).',
  fields: {
    labels: {
      schema: {
        kind: 'list',
        description:
          'Pull request labels that select this component, compared case-insensitively. When any component label is on the PR, labels alone decide.',
        items: nonEmptyString('A label name.'),
        acceptSingle: true,
      },
      default: [],
    },
    paths: {
      schema: {
        kind: 'list',
        description:
          'Globs of repository paths (`backend/**`) that select this component when no component label is on the PR. A leading `!` excludes what earlier globs matched. A component with neither `labels` nor `paths` is always selected.',
        items: nonEmptyString('A path glob.'),
        acceptSingle: true,
      },
      default: [],
    },
    image: {
      schema: {
        kind: 'string',
        description:
          'The image repository `build` pushes (`backend`, `acme/backend`, or a full `ghcr.io/acme/backend`); joined to the top-level `registry` when it names no registry host. The `image` input overrides it.',
        pattern: /\S/,
        expected: 'a non-empty string',
      },
    },
    context: {
      schema: nonEmptyString(
        'The Docker build context of this component, relative to the repository root (`backend`).',
      ),
      default: '.',
    },
    dockerfile: {
      schema: nonEmptyString(
        'The Dockerfile, relative to the repository root; default `<context>/Dockerfile`.',
      ),
    },
    with: {
      schema: {
        kind: 'inputs',
        description:
          "Action inputs for this component, as a step's `with:` would give them (`port: 8080`, `health-path: /actuator/health`, `strategy: static`, `coverage-files: …`): used by `build`, `deploy`, `rollback`, `coverage` and `quality-gate` when the step names the component. An input the step sets to a non-default value wins. No secrets here: they come from the workflow.",
      },
      default: {},
    },
    environments: {
      schema: {
        kind: 'named-map',
        description:
          'Settings of this component in one environment, by environment name (a name under the top-level `environments`).',
        keyPattern: NAME,
        keyExpected: NAME_EXPECTED,
        values: {
          kind: 'object',
          description: 'This component in that environment.',
          fields: {
            url: {
              schema: publicUrl(
                "Where this component is reached in that environment, when it differs from the environment's `url` (`https://api.example.com`).",
              ),
            },
          },
        },
      },
    },
  },
};

export const environmentSchema: ObjectSchema = {
  kind: 'object',
  description: 'Where merged code goes: the branches that deploy here and the runner that does it.',
  fields: {
    branches: {
      schema: {
        kind: 'list',
        description:
          'Branch names or globs (`release`, `feature/*`, `hotfix/**`) whose pushes and merged PRs deploy here. The first environment that matches wins.',
        items: nonEmptyString('A branch name or glob.'),
        acceptSingle: true,
        minItems: 1,
      },
      required: true,
    },
    'dispatch-branches': {
      schema: {
        kind: 'list',
        description:
          "Further branch names or globs that a manual run (`workflow_dispatch` with this environment chosen) may deploy from; by default only `branches` may. The environment's deployment branches in the repository settings must allow them too.",
        items: nonEmptyString('A branch name or glob.'),
        acceptSingle: true,
      },
      default: [],
    },
    runner: {
      schema: runnerList(
        'Labels of the self-hosted runner that deploys to this environment; the plan puts them in the matrix for `runs-on: ${{ fromJSON(matrix.runner) }}`.',
      ),
      default: ['self-hosted'],
    },
    url: {
      schema: publicUrl(
        "The public address of the app in this environment (`https://shop.example.com`): the plan's matrix gives it as `url`, the reusable workflows set it as the job's `environment.url` (GitHub's environment page and the pull request's deployed badge link to it), and `deploy`/`rollback` output it as `environment-url` and show it in the step summary. A component's `environments.<name>.url` overrides it.",
      ),
    },
    with: {
      schema: {
        kind: 'inputs',
        description:
          "Action inputs for every deploy to this environment (`ssh-host`, `nginx-upstream-file`, `s3-bucket`); they win over the component's `with` when both set one.",
      },
      default: {},
    },
  },
};

export const configSchema: ObjectSchema = {
  kind: 'object',
  description: 'The berth config, `.github/berth.yml` by default (input `config`).',
  fields: {
    version: {
      schema: { kind: 'integer', description: 'The config format version.', enum: [1] },
      required: true,
    },
    components: {
      schema: {
        kind: 'named-map',
        description: 'The deployable parts of the repository, by name.',
        keyPattern: NAME,
        keyExpected: NAME_EXPECTED,
        values: componentSchema,
        minEntries: 1,
      },
      required: true,
    },
    environments: {
      schema: {
        kind: 'named-map',
        description: 'Deploy targets, by name, in the order they are matched.',
        keyPattern: NAME,
        keyExpected: NAME_EXPECTED,
        values: environmentSchema,
      },
      default: {},
    },
    registry: {
      schema: nonEmptyString(
        'The registry (and namespace) component images go to: `ghcr.io/acme`, `123456789012.dkr.ecr.ap-northeast-2.amazonaws.com`, `myreg.kr.ncr.ntruss.com`.',
      ),
    },
    quality: {
      schema: {
        kind: 'object',
        description: 'Pull request quality jobs (tests, coverage, gates).',
        fields: {
          runner: {
            schema: runnerList('Labels of the runner for quality jobs; they never need the deploy host.'),
            default: ['ubuntu-latest'],
          },
        },
      },
      default: {},
    },
  },
};

/** The validated, normalised config. Order of components and environments is the file's order. */
export interface BerthConfig {
  version: 1;
  components: ComponentConfig[];
  environments: EnvironmentConfig[];
  registry?: string;
  quality: { runner: string[] };
}

export interface ComponentConfig {
  name: string;
  labels: string[];
  paths: string[];
  image?: string;
  context: string;
  dockerfile?: string;
  /** Action inputs by name, values as strings. */
  with: Record<string, string>;
  /** Per environment (config order): this component's own settings there. */
  environments?: Array<{ name: string; url?: string }>;
}

export interface EnvironmentConfig {
  name: string;
  branches: string[];
  /** Branches a workflow_dispatch that chooses this environment may also run from. */
  'dispatch-branches'?: string[];
  runner: string[];
  /** The app's public address here (an absolute http(s) URL). */
  url?: string;
  with: Record<string, string>;
}
