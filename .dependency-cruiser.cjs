/**
 * The layer rule of docs/architecture (ARCHITECTURE.md): imports point down only.
 * ui -> sync/store -> domain; domain imports none of the others; cli and server use
 * domain (and sync's document shapes), never ui. No import cycles anywhere.
 */
/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'no-cycles',
      severity: 'error',
      comment: 'Import cycles make load order fragile and layers meaningless.',
      from: {},
      to: { circular: true },
    },
    {
      name: 'domain-is-pure',
      severity: 'error',
      comment: 'src/domain is pure TypeScript: nothing from store, sync, ui, cli or server.',
      from: { path: '^src/domain/' },
      to: { path: '^(src/(store|sync|ui|cli)|server)/' },
    },
    {
      name: 'domain-no-platform-packages',
      severity: 'error',
      comment: 'src/domain runs in Node and the browser alike: no DOM, storage, sync or UI packages, no Node built-ins.',
      from: { path: '^src/domain/' },
      to: {
        dependencyTypes: ['npm', 'npm-dev', 'core'],
        path: '(^|/)node_modules/(dexie|yjs|y-indexeddb|y-protocols|solid-js|@solidjs|handsontable|@handsontable|@hocuspocus|better-sqlite3|ws)/|^node:|^(fs|path|os|child_process|http|https|net|url)$',
      },
    },
    {
      name: 'documents-are-pure',
      comment: 'src/documents (PDF, CSV, XLSX of quotes) builds on domain only and runs in Node and the browser alike.',
      severity: 'error',
      from: { path: '^src/documents/' },
      to: { path: '^(src/(store|sync|ui|cli)|server)/|^node:|^(fs|path|os|child_process)$' },
    },
    {
      name: 'store-sync-not-ui',
      severity: 'error',
      from: { path: '^src/(store|sync)/' },
      to: { path: '^src/(ui|cli)/|^server/' },
    },
    {
      name: 'cli-server-not-ui',
      severity: 'error',
      comment: 'The command line and the server build on domain (and sync document shapes), never on ui.',
      from: { path: '^(src/cli|server)/' },
      to: { path: '^src/(ui|store)/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
