// npm postinstall of www/: keeps the better-sqlite3 binary that node-gyp just compiled (~95 s here,
// no prebuilt binary can be downloaded) in prebuild-install's own cache (~/.npm/_prebuilds, or
// $npm_config_cache/_prebuilds), under the name of the download it stands for. The next install
// of the same version, Node ABI, platform and arch (a fresh clone, `npm ci`) unpacks it in ~1 s
// instead of compiling. prebuild-install loads the binary before accepting it; a bad one falls
// back to node-gyp as if no cache existed.
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const pkgDir = path.join(__dirname, "..", "node_modules", "better-sqlite3");
const binary = path.join(pkgDir, "build", "Release", "better_sqlite3.node");
if (!fs.existsSync(binary)) process.exit(0);

let util, rc, tar;
try {
  const from = (m) => require(require.resolve(m, { paths: [pkgDir] }));
  util = from("prebuild-install/util");
  rc = from("prebuild-install/rc");
  tar = from("tar-fs");
} catch (e) {
  console.warn(`cache-sqlite: prebuild-install not found (${e.message}); nothing cached`);
  process.exit(0);
}

const pkg = JSON.parse(fs.readFileSync(path.join(pkgDir, "package.json"), "utf8"));
const argv = process.argv;
process.argv = argv.slice(0, 2); // rc reads options from argv
const opts = Object.assign({}, rc(pkg), { pkg });
process.argv = argv;
const url = util.getDownloadUrl(opts);
const cached = util.cachedPrebuild(url);
if (fs.existsSync(cached)) process.exit(0);

fs.mkdirSync(path.dirname(cached), { recursive: true });
const tmp = util.tempFile(cached);
const zlib = require("node:zlib");
tar.pack(pkgDir, { entries: ["build/Release/better_sqlite3.node"] })
  .pipe(zlib.createGzip())
  .pipe(fs.createWriteStream(tmp))
  .on("finish", () => {
    fs.renameSync(tmp, cached);
    console.log(`cache-sqlite: kept the compiled better-sqlite3 ${pkg.version} for the next install: ${cached}`);
  })
  .on("error", (e) => {
    fs.rmSync(tmp, { force: true });
    console.warn(`cache-sqlite: could not cache the binary (${e.message})`);
  });
