#!/usr/bin/env node
import { main } from '../dist/cli/main.mjs';

process.exitCode = await main(process.argv.slice(2), process.env, (line) => process.stdout.write(line + '\n'));
