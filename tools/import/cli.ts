/**
 * `npm run import -- <inputs…> --out DIR [options]`: survey data → a dataset, its validation report and (with
 * --tiles) the viewer's tiles. Options in USAGE (`npm run import -- --help`); docs/import.md has the details.
 */
import { pathToFileURL } from 'node:url';
import { flags, parseCli, valued, type CliIo } from '../cli';
import { EncodingError } from './encoding';
import { ImportError } from './errors';
import { runImport } from './importer';

const USAGE = `usage: npm run import -- <inputs…> --out DIR [--crs EPSG:…] [--mapping mapping.json] [--encoding E] [--snap M]
                         [--tiles] [--public DIR] [--region W,S,E,N] [--name NAME] [--workers N]
  <inputs…>          Shapefile (.zip, or .shp with .dbf/.shx/.prj/.cpg beside it), GeoJSON (.geojson/.json),
                     survey tables (.csv: a point table and a line table, joined by point number)
  --out DIR          dataset folder to write (meta.json, segments.ndjson, nodes.ndjson, sensors.json, overlays,
                     import-report.html and import-report.json)
  --crs C            coordinate system of every input: EPSG:4545, 4545, a proj4 string or WKT (default: each input's
                     .prj / crs member, else lon/lat for GeoJSON, else inferred from the values and reported)
  --mapping FILE     field mapping JSON (docs/import.md): column names, units, category, value words, Z meaning
  --encoding E       text encoding of DBF/CSV (gbk, utf-8, 936, …; default: .cpg, DBF language driver, BOM, bytes)
  --snap M           snapping tolerance for segment ends, metres (default 0.05)
  --tiles            also build the 3D Tiles, the id/asset sidecar and the query copy
  --public DIR       where --tiles writes: DIR/tiles/pipes and DIR/data (default DIR = <out>/public)
  --region W,S,E,N   the area the data should lie in, degrees (default Chongqing 105.2,28.1,110.2,32.3)
  --name NAME        dataset name in meta.json (default: the --out folder's name)
  --workers N        tiler threads (0 = main thread)
  -h, --help         this text`;

/** Runs the CLI; resolves to the exit code (tests call it in-process with their own io). */
export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const cli = parseCli(
    {
      name: 'import',
      usage: USAGE,
      positionals: true,
      options: { ...valued('out', 'crs', 'mapping', 'encoding', 'snap', 'public', 'region', 'name', 'workers'), ...flags('tiles') },
    },
    argv,
    io,
  );
  if (!cli.values.out) cli.fail('--out DIR is required');
  if (cli.positionals.length === 0) cli.fail('no input files');
  let region: [number, number, number, number] | undefined;
  if (cli.values.region !== undefined) {
    const r = cli.values.region.split(',').map(Number);
    if (r.length !== 4 || r.some((x) => !Number.isFinite(x)) || r[0] >= r[2] || r[1] >= r[3]) cli.fail(`--region needs W,S,E,N in degrees, got '${cli.values.region}'`);
    region = r as [number, number, number, number];
  }
  const snapText = cli.values.snap;
  const snap = snapText === undefined ? undefined : Number(snapText);
  if (snap !== undefined && !(Number.isFinite(snap) && snap >= 0 && snap <= 100)) cli.fail(`--snap needs metres between 0 and 100, got '${snapText}'`);
  try {
    const r = await runImport({
      inputs: cli.positionals,
      out: cli.values.out!,
      crs: cli.values.crs,
      mapping: cli.values.mapping,
      encoding: cli.values.encoding,
      snap,
      region,
      name: cli.values.name,
      tiles: cli.values.tiles === true,
      publicDir: cli.values.public,
      workers: cli.int('workers', { min: 0 }),
      log: (l) => io.err(`${l}\n`),
    });
    const t = r.report.totals;
    io.out(`import: ${r.report.result.segments} segments, ${r.report.result.nodes} nodes; dropped ${t.dropped}, repaired ${t.repaired}, flagged ${t.flagged}; report ${r.reportHtml}\n`);
    return 0;
  } catch (err) {
    if (err instanceof ImportError || err instanceof EncodingError) io.err(`import: ${err.message}\n`);
    else if (err instanceof Error && 'code' in err && (err.code === 'ENOENT' || err.code === 'EACCES' || err.code === 'EISDIR')) io.err(`import: ${err.message}\n`);
    else throw err;
    return 1;
  }
}

const processIo: CliIo = {
  out: (t) => void process.stdout.write(t),
  err: (t) => void process.stderr.write(t),
  exit: (code) => process.exit(code),
};

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(err);
      process.exit(1);
    },
  );
}
