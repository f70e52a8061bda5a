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
  // $PULLS maps merged commits to their pull request, $PR_HEADS pull requests to their head.
  if (method === "GET" && (m = new RegExp("^repos/" + repo + "/commits/([0-9a-f]+)/pulls$").exec(url))) { const pr = JSON.parse(process.env.PULLS || "{}")[m[1]]; jq(pr ? [{ number: pr }] : [], opt("--jq")); process.exit(0); }
  if (method === "GET" && (m = new RegExp("^repos/" + repo + "/pulls/(\\d+)$").exec(url))) { jq({ head: { sha: JSON.parse(process.env.PR_HEADS || "{}")[m[1]] } }, opt("--jq")); process.exit(0); }
  process.exit(91);
}
if (args[0] === "run" && args[1] === "list") {
  if (opt("--workflow") !== "cloud-connect") process.exit(92);
  // The last successful run on main ($LAST_APPLIED), or a pull request's review run (4242 for every head in $PR_HEADS).
  if (opt("--event") === "push" && opt("--branch") === "main" && opt("--status") === "success") { jq(process.env.LAST_APPLIED ? [{ headSha: process.env.LAST_APPLIED }] : [], opt("--jq")); process.exit(0); }
  if (opt("--event") !== "pull_request" || opt("--status") !== "success") process.exit(92);
  jq(Object.values(JSON.parse(process.env.PR_HEADS || "{}")).includes(opt("--commit")) ? [{ databaseId: 4242 }] : [], opt("--jq"));
  process.exit(0);
}
if (args[0] === "run" && args[1] === "download") {
  const patterns = args.filter((a, i) => args[i - 1] === "--pattern");
  if (args[2] !== "4242" || JSON.stringify(patterns) !== JSON.stringify(["reviewed-*", "review"])) process.exit(93);
  fs.cpSync(process.env.ARTIFACTS, opt("--dir"), { recursive: true });
  process.exit(0);
}
process.exit(99);
