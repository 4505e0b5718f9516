// globalSetup of the jest project `unit` (see provision.mjs).
export { setUp as default } from './provision.mjs';
