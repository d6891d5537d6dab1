/** An input the importer cannot read at all: the CLI prints `import: <message>` (one line) and exits 1. */
export class ImportError extends Error {}
