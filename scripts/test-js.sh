#!/usr/bin/env bash
# Installs pkg/ into tests/js the way a user would (npm pack, then install the tarball), then runs
# the JS tests with node's test runner and type-checks a consumer file with tsc.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$PWD/node_modules/.bin:$PATH"
mkdir -p target/npm
rm -f target/npm/session-credits-*.tgz
tarball=$(npm pack --silent --pack-destination target/npm ./pkg | tail -n 1)
(cd tests/js && npm install --no-save --no-audit --no-fund --loglevel=error "../../target/npm/$tarball")
node --test --test-reporter=spec --test-reporter-destination=stdout --test-reporter=tap --test-reporter-destination=target/npm/js-tests.tap tests/js/ 
grep -E '^# (pass|fail) ' target/npm/js-tests.tap
# Packaging as the linters read it: publint, and arethetypeswrong on every entry and resolution mode.
# session-credits/init and /worker are ES modules only (for pages, bundlers and workers): a
# CommonJS program uses the main entry, which loads synchronously, so that one rule is ignored.
if publint run ./pkg > target/npm/publint.txt 2>&1 && grep -q "All good" target/npm/publint.txt; then
  echo "1 passed, 0 failed (publint)"
else
  cat target/npm/publint.txt; echo "0 passed, 1 failed (publint)"; exit 1
fi
if attw --pack ./pkg --format ascii --ignore-rules cjs-resolves-to-esm > target/npm/attw.txt 2>&1; then
  echo "1 passed, 0 failed (arethetypeswrong)"
else
  cat target/npm/attw.txt; echo "0 passed, 1 failed (arethetypeswrong)"; exit 1
fi
# The shipped declarations must describe every public function: a consumer file type-checks.
if tsc -p tests/js/tsconfig.json; then echo "1 passed, 0 failed (tsc consumer type-check)"; else echo "0 passed, 1 failed (tsc consumer type-check)"; exit 1; fi
# And a typo in a command type, a field or an issue code must not compile: each file must fail,
# with the error its "// expect: TSnnnn" line names (not, say, a module that cannot be found).
fails=0 held=0
for file in tests/js/must-fail/*.ts; do
  want=$(grep -m1 -oE 'expect: TS[0-9]+' "$file" | cut -d' ' -f2)
  if tsc --noEmit --strict --module nodenext --moduleResolution nodenext --target es2022 --lib es2022,dom "$file" > target/npm/must-fail.txt 2>&1; then
    echo "  compiled but must not: $file"; fails=$((fails + 1))
  elif [ -n "$want" ] && grep -q "error $want" target/npm/must-fail.txt; then
    echo "  refused as it must: $file ($want)"; held=$((held + 1))
  else
    echo "  refused for another reason than $want: $file"; cat target/npm/must-fail.txt; fails=$((fails + 1))
  fi
done
echo "$held passed, $fails failed (tsc must-fail files)"
[ "$fails" -eq 0 ]
