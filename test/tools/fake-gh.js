// A stand-in for the GitHub CLI in the CI examples' tests: the pull request's comments live in the
// JSON file $COMMENTS (--jq runs real jq over them), and the review run's artifacts in $ARTIFACTS.
// Exits 9x on any call the workflows are not expected to make.
const fs = require("fs"), path = require("path"), { execFileSync } = require("child_process");
const args = process.argv.slice(2);
const opt = (name) => { const i = args.indexOf(name); return i < 0 ? undefined : args[i + 1]; };
const jq = (data, filter) => process.stdout.write(execFileSync("jq", ["-r", filter], { input: JSON.stringify(data) }));
const repo = process.env.GITHUB_REPOSITORY;
const comments = () => JSON.parse(fs.readFileSync(process.env.COMMENTS, "utf8"));
const save = (list) => fs.writeFileSync(process.env.COMMENTS, JSON.stringify(list));
const body = () => fs.readFileSync(opt("-F").replace(/^body=@/, ""), "utf8");
if (args[0] === "api") {
  const method = opt("--method") || "GET";
  const url = args.find((a, i) => i > 0 && a.startsWith("repos/"));
  let m;
  if (method === "GET" && (m = new RegExp("^repos/" + repo + "/issues/(\\d+)/comments$").exec(url))) { if (!args.includes("--paginate")) process.exit(90); jq(comments(), opt("--jq")); process.exit(0); }
  if (method === "PATCH" && (m = new RegExp("^repos/" + repo + "/issues/comments/(\\d+)$").exec(url))) { const list = comments(); const c = list.find((x) => String(x.id) === m[1]); c.body = body(); save(list); console.log("{}"); process.exit(0); }
  if (method === "POST" && (m = new RegExp("^repos/" + repo + "/issues/(\\d+)/comments$").exec(url))) { const list = comments(); list.push({ id: 1000 + list.length, user: { login: "github-actions[bot]" }, body: body() }); save(list); console.log("{}"); process.exit(0); }
  if (method === "GET" && url === "repos/" + repo + "/commits/" + process.env.GITHUB_SHA + "/pulls") { jq(process.env.MERGED_PR ? [{ number: Number(process.env.MERGED_PR) }] : [], opt("--jq")); process.exit(0); }
  if (method === "GET" && url === "repos/" + repo + "/pulls/" + process.env.MERGED_PR) { jq({ head: { sha: process.env.PR_HEAD } }, opt("--jq")); process.exit(0); }
  process.exit(91);
}
if (args[0] === "run" && args[1] === "list") {
  if (opt("--workflow") !== "cloud-connect" || opt("--event") !== "pull_request" || opt("--commit") !== process.env.PR_HEAD || opt("--status") !== "success") process.exit(92);
  jq([{ databaseId: 4242 }], opt("--jq"));
  process.exit(0);
}
if (args[0] === "run" && args[1] === "download") {
  if (args[2] !== "4242" || opt("--pattern") !== "reviewed-*") process.exit(93);
  fs.cpSync(process.env.ARTIFACTS, opt("--dir"), { recursive: true });
  process.exit(0);
}
process.exit(99);
