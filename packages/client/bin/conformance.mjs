#!/usr/bin/env node
// The package ships TypeScript sources; tsx (a dependency) loads them, so `npx handoff-conformance` needs no build step.
import { register } from 'tsx/esm/api';

register();
const { runCli } = await import('../src/conformance/cli.ts');
process.exitCode = await runCli(process.argv.slice(2));
