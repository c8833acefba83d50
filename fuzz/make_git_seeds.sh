#!/usr/bin/env bash
# Writes fuzz/seeds/git_objects/: real commit and tag objects made by git in a temp dir,
# the way tests/common/mod.rs builds its fixture repositories (unsigned, OpenPGP- and
# SSH-signed commits and tags, a merge, a DCO sign-off), plus the armor cases of
# src/evidence/git/census.rs's unit tests. Run from fuzz/: bash make_git_seeds.sh
set -euo pipefail
out="$(pwd)/seeds/git_objects"
mkdir -p "$out"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
export GNUPGHOME="$tmp/gnupg" HOME="$tmp" GIT_CONFIG_NOSYSTEM=1
mkdir -m 700 "$GNUPGHOME"
cd "$tmp" && git init -q -b main r && cd r
git config user.name "Seed Maker" && git config user.email seed@example.org
c() { git commit -q --allow-empty "$@"; }
c -m "unsigned"
c -s -m "signed off" -m "body"
ssh-keygen -q -t ed25519 -N "" -f "$tmp/ssh" -C seed
git -c gpg.format=ssh -c user.signingkey="$tmp/ssh.pub" commit -q --allow-empty -S -m "ssh signed"
git -c gpg.format=ssh -c user.signingkey="$tmp/ssh.pub" tag -s -m "ssh tag" v1
git tag -a -m "annotated" v0
if command -v gpg >/dev/null; then
  gpg --batch --passphrase "" --quick-gen-key "Seed Maker <seed@example.org>" ed25519 sign never 2>/dev/null
  c -S -m "gpg signed"
  git tag -s -m "gpg tag" v2
fi
git checkout -q -b side HEAD~1 && c -m side && git checkout -q main
git merge -q --no-edit side -m "merge"
git log --format=%H --all | while read -r h; do git cat-file commit "$h" > "$out/commit-${h:0:8}"; done
for t in $(git tag); do git cat-file tag "$t" > "$out/tag-$t"; done
printf -- '-----BEGIN PGP SIGNATURE-----\nVersion: GnuPG v1\nComment: x\n\niQEzBAAB\nCAAd/+==\n=Xyz1\n-----END PGP SIGNATURE-----\n\n' > "$out/armor-pgp"
printf -- '-----BEGIN PGP SIGNATURE-----\niQ\n-----END SSH SIGNATURE-----' > "$out/armor-mismatch"
