/**
 * A React build directory as Create React App writes it: content-hashed JS, CSS and media under static/,
 * HTML entry points that reference them, and un-hashed public files (binary favicon included).
 */
import { createHash } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const hash8 = (body: string | Buffer): string => createHash('md5').update(body).digest('hex').slice(0, 8);

/** Writes the build into `dir` for `version`; returns every file's path and bytes. */
export function writeFrontendBuild(dir: string, version: string): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  const put = (rel: string, body: string | Buffer): string => {
    const bytes = typeof body === 'string' ? Buffer.from(body) : body;
    files.set(rel, bytes);
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), bytes);
    return rel;
  };
  const js = `(()=>{document.getElementById("root").textContent="orders ${version}";})();\n${'//'.padEnd(4000, 'x')}\n`;
  const css = `body{font-family:sans-serif}#root{color:#333}/*${version}*/\n`;
  const svg =
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10"><circle cx="5" cy="5" r="4"/></svg>\n';
  const jsFile = put(`static/js/main.${hash8(js)}.js`, js);
  const cssFile = put(`static/css/main.${hash8(css)}.css`, css);
  const svgFile = put(`static/media/logo.${hash8(svg)}.svg`, svg);
  put(
    `static/js/main.${hash8(js)}.js.map`,
    JSON.stringify({ version: 3, file: path.basename(jsFile), mappings: '' }),
  );
  const html = (title: string): string =>
    `<!doctype html><html><head><title>${title}</title><link href="/${cssFile}" rel="stylesheet"></head><body><img src="/${svgFile}"><div id="root"></div><script src="/${jsFile}"></script></body></html>\n`;
  put('index.html', html(`Orders ${version}`));
  put('orders/index.html', html('Orders list'));
  put(
    'asset-manifest.json',
    JSON.stringify({ files: { 'main.js': `/${jsFile}`, 'main.css': `/${cssFile}` } }),
  );
  put('manifest.json', JSON.stringify({ short_name: 'Orders', start_url: '.' }));
  put('robots.txt', 'User-agent: *\nDisallow:\n');
  put(
    'favicon.ico',
    Buffer.from([0, 0, 1, 0, 1, 0, 16, 16, 0, 0, 1, 0, 32, 0, 0xff, 0xfe, 0x80, 0x0d, 0x0a, 0x1a]),
  );
  return files;
}
