#!/usr/bin/env node
// Orrery runs its TypeScript sources directly, which needs Node 22.18 or newer (type stripping).
// Through npm (`npm start`, `npm exec orrery`) the project's pinned Node from node_modules is used.
const [major, minor] = process.versions.node.split('.').map(Number);
if (major < 22 || (major === 22 && minor < 18)) {
  console.error(`Orrery needs Node 22.18+ (this is ${process.version}). Run it through npm: npm exec orrery -- <command>`);
  process.exit(1);
}
await import('../src/cli.ts');
