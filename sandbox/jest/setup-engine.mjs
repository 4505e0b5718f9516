// globalSetup of the jest project `engine` (see provision.mjs).
export { setUp as default } from './provision.mjs';
