// Renders GitHub-flavoured Markdown (stdin) to HTML (stdout) with micromark and its GFM
// extension, as a pull-request comment would be: raw HTML passes through (allowDangerousHtml),
// so a test sees exactly what an unescaped string could do. ESM only, hence a child process.
import { readFileSync } from "node:fs";
import { micromark } from "micromark";
import { gfm, gfmHtml } from "micromark-extension-gfm";

const markdown = readFileSync(0, "utf8");
process.stdout.write(micromark(markdown, { allowDangerousHtml: true, extensions: [gfm()], htmlExtensions: [gfmHtml()] }));
