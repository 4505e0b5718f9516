/** What `build` builds: the image name and build context, from the inputs or the component in the config. */
import path from 'node:path';
import { loadConfig } from '../config/load.js';
import type { BerthConfig, ComponentConfig } from '../config/schema.js';
import { imageRef, namesRegistry, parseImageName, type ImageName } from '../docker/reference.js';
import { ConfigurationError } from '../errors.js';
import type { InputsOf } from '../inputs.js';
import type { Runtime } from '../runtime/runtime.js';

export interface BuildTarget {
  image: ImageName;
  context: string;
  file: string;
}

/** The image name and build context from the inputs, else from the component in the config. */
export async function resolveBuildTarget(inputs: InputsOf<'build'>, runtime: Runtime): Promise<BuildTarget> {
  let component: ComponentConfig | undefined;
  let config: BerthConfig | undefined;
  if (inputs.component !== '' || inputs.image === '') {
    config = await loadConfig(path.resolve(runtime.workspace, inputs.config), inputs.config);
    component = findComponent(config, inputs.component, inputs.config);
  }
  let imageText = inputs.image;
  let inputName = 'image';
  if (imageText === '') {
    if (component?.image === undefined) {
      throw new ConfigurationError(
        `image: empty, and ${component ? `components.${component.name}.image in ${inputs.config}` : 'no component'} names none; set the image input (e.g. ghcr.io/acme/backend) or the component's image`,
      );
    }
    imageText = joinRegistry(config?.registry, component.image);
    inputName = `components.${component.name}.image`;
  }
  const parsed = parseImageName(imageText, inputName);
  if (parsed.lowercased)
    runtime.info(
      `${inputName}: lowercased to ${imageRef(parsed)} (registries accept only lowercase repository names)`,
    );
  const context = inputs.context || component?.context || '.';
  const file = inputs.file || component?.dockerfile || '';
  return { image: { registry: parsed.registry, repository: parsed.repository }, context, file };
}

function findComponent(config: BerthConfig, name: string, configPath: string): ComponentConfig | undefined {
  if (name === '') return config.components.length === 1 ? config.components[0] : undefined;
  const component = config.components.find((c) => c.name === name);
  if (!component) {
    throw new ConfigurationError(
      `component: ${JSON.stringify(name)} is not a component in ${configPath}; expected one of: ${config.components.map((c) => c.name).join(', ')}`,
    );
  }
  return component;
}

/** `ghcr.io/acme` + `backend` → `ghcr.io/acme/backend`; an image that names its registry stays as it is. */
export function joinRegistry(registry: string | undefined, image: string): string {
  if (registry === undefined || registry === '') return image;
  if (image.includes('/') && namesRegistry(image.split('/')[0] ?? '')) return image;
  return `${registry.replace(/\/+$/, '')}/${image}`;
}
