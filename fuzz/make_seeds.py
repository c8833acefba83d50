#!/usr/bin/env python3
"""Writes the text seed corpora under fuzz/seeds/<target>/ (run from fuzz/: python3 make_seeds.py).

Every seed is text taken from the crate's own fixtures: the end-to-end fixture repository
(tests/e2e_fixture/mod.rs: README, SECURITY, ci/codeql/release workflows, .goreleaser.yaml,
CODEOWNERS), the CI model's unit tests (src/evidence/ci/tests.rs), the security-policy and
sbom probes' unit tests (src/probes/security_policy.rs, src/probes/sbom.rs) and the badge
tests (tests/badge.rs). Multi-file targets cut their input at NUL bytes into the files
their fuzz_targets/<target>.rs lists, in that order. git_objects seeds come from real git
objects: see make_git_seeds.sh.
"""
import os

E2E_README = "# widget\n\n[![OpenSSF Best Practices](https://www.bestpractices.dev/projects/1234/badge)](https://www.bestpractices.dev/projects/1234)\n"
E2E_SECURITY = "# Security policy\n\nPlease report vulnerabilities to security@example.org.\nWe answer within three days.\n"
E2E_CI = """name: ci
on:
  pull_request:
  push:
    branches: [main]
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: go test ./...
"""
E2E_CODEQL = """name: codeql
on:
  pull_request:
  schedule:
    - cron: '0 3 * * 1'
jobs:
  analyze:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: github/codeql-action/init@v3
      - uses: github/codeql-action/analyze@v3
"""
E2E_RELEASE = """name: release
on:
  push:
    tags: ['v*']
jobs:
  goreleaser:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: goreleaser/goreleaser-action@v6
        with:
          args: release --clean
"""
E2E_GORELEASER = """version: 2
builds:
  - main: .
checksum:
  name_template: checksums.txt
sboms:
  - artifacts: archive
signs:
  - cmd: cosign
    artifacts: checksum
"""
# src/evidence/ci/tests.rs
CI_RUN_LINES = "on: push\njobs:\n  t:\n    steps:\n      - run: go vet ./...\n      - run: |\n          echo \"== tests\"\n          go build ./...\n\n          go test \\\n            -race ./...\n      - run: >\n          cargo test\n          --all\n"
CI_COMPOSITE_WF = "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - uses: actions/checkout@v4\n      - uses: ./.github/actions/x\n        with:\n          image: x\n      - run: ./hack/x.sh\n      - run: make dist\n"
CI_COMPOSITE = "name: sign\nruns:\n  using: composite\n  steps:\n    - uses: sigstore/cosign-installer@v3\n    - shell: bash\n      run: |\n        cosign sign --yes \"$IMAGE\"\n"
CI_SCRIPT = "#!/usr/bin/env bash\nset -e\nbash scripts/sums.sh\nshasum -a 256 * > SHA256SUMS\n"
CI_MAKEFILE = "VERSION ?= 1\n\ndist: build sign\n\t@echo dist\n\ttar czf x.tgz bin\n\nbuild:\n\tgo build ./...\n\nsign:\n\t$(MAKE) cosign\n\ncosign:\n\tcosign sign-blob --yes x.tgz\n"
CI_REUSABLE_CALLER = "on:\n  push:\n    tags: ['v*']\njobs:\n  build:\n    uses: ./.github/workflows/w.yml\n  prov:\n    uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2.0.0\n    with:\n      base64-subjects: x\n"
CI_REUSABLE = "on: workflow_call\njobs:\n  b:\n    steps:\n      - run: goreleaser release --clean\n"
CI_TRIGGERS = "name: Release\non:\n  push:\n    tags: ['v*']\n  workflow_dispatch:\njobs: {}\n"
GITLAB = "release:\n  only:\n    - tags\n  script:\n    - cosign sign-blob x\n    - go test ./...\n"
YAML_ANCHORS = "a: &x [1, 2, {b: c}]\nd: *x\ne: |\n  literal\n  text\nf: >\n  folded\n"
GOLANGCI = "linters:\n  enable:\n    - gosec\n    - govet\n  disable:\n    - gas\n"
GOLANGCI_V2 = "version: \"2\"\nlinters:\n  default: all\n  disable:\n    - lll\n"
GORELEASER_NOSUM = "builds:\n  - main: .\nchecksum:\n  disable: true\n"
# src/probes/security_policy.rs unit tests
POLICY = "# Security\n\nPlease do not open issues.\nE-mail [us](mailto:security@example.org).\n\nOr use https://github.com/o/r/security/advisories/new\n![badge](https://img.shields.io/badge/x.svg)\n"
REFERENCE_HEAVY = ("# Security Policy\n\nWe assign CVEs through https://www.cve.org/ and score them with\n"
    "[CVSS](https://www.first.org/cvss/calculator/3.1).\n"
    "Published advisories: [GitHub Security Advisories](https://github.com/o/r/security/advisories)\n"
    "Hardening guidance: https://r.example.io/docs/operator-manual/security/\n"
    "The project lives in the https://github.com/o organization.\n\n"
    "Please report vulnerabilities by e-mail to the following address:\n\n* cncf-r-security@lists.cncf.io\n")
OBFUSCATED = "## Reporting\n\nWrite to security [at] example [dot] org.\n<!-- template: you@example.com -->\nSee [the process](docs/security.md#triage) and link:../PROCESS.adoc[process].\n-----BEGIN PGP PUBLIC KEY BLOCK-----\nmQINBF\n-----END PGP PUBLIC KEY BLOCK-----\n"
CONTRIBUTING = "# Contributing\n\nSend patches.\n\nSecurity\n--------\n\nReport vulnerabilities to https://hackerone.com/example\n\n## Style\n\n```\n# Security in code\n```\n"
SECURITY_CONTACTS = "# Reporting: see SECURITY.md\n@alice\nbob # lead\n-bad\n"
INSIGHTS_V2 = "header:\n  schema-version: 2.0.0\nproject:\n  vulnerability-reporting:\n    reports-accepted: true\n    contact:\n      name: Security\n      email: security@example.org\n    policy: https://github.com/o/r/security/policy\n"
INSIGHTS_V1 = "header:\n  schema-version: 1.0.0\nvulnerability-reporting:\n  accepts-vulnerability-reports: true\n  email-contact: security@example.org\n  security-policy: https://example.org/policy\nsecurity-contacts:\n  - type: email\n    value: sec@example.org\n"
# Prow OWNERS shapes (src/probes/code_review.rs unit tests and Kubernetes' layout)
OWNERS = "approvers:\n  - alice\nreviewers:\n  - sig-x-reviewers\n"
OWNERS_ALIASES = "aliases:\n  sig-x-reviewers:\n    - bob\n    - carol\n"
ROSTER = "maintainers:\n  - dave\nlabels:\n  - area/x\n"
GITREVIEW = "[gerrit]\nhost=review.example.org\nport=29418\nproject=r.git\n"
# src/probes/sbom.rs unit tests
SPDX_JSON = "{\n  \"spdxVersion\": \"SPDX-2.3\",\n  \"SPDXID\": \"SPDXRef-DOCUMENT\",\n  \"name\": \"widget\"\n}\n"
SPDX_TV = "SPDXVersion: SPDX-2.3\nDataLicense: CC0-1.0\nSPDXID: SPDXRef-DOCUMENT\n"
SPDX_RDF = "<rdf:RDF xmlns:spdx=\"http://spdx.org/rdf/terms#\">\n</rdf:RDF>\n"
CDX_JSON = "\ufeff{\"bomFormat\":\"CycloneDX\",\"specVersion\":\"1.5\"}\n"
CDX_XML = "<?xml version=\"1.0\"?>\n<bom xmlns=\"http://cyclonedx.org/schema/bom/1.5\" version=\"1\">\n</bom>\n"
CDX_YAML = "bomFormat: CycloneDX\nspecVersion: \"1.5\"\n"
NOT_SBOM = "# sbom.yml\nbomFormat is CycloneDX\n"
SBOM_WF = "on:\n  push:\n    tags: ['v*']\njobs:\n  s:\n    steps:\n      - uses: anchore/sbom-action@v0\n      - run: syft . -o spdx-json > sbom.spdx.json\n"
# tests/badge.rs shapes
BADGE_HTML = "<p align=\"center\">\n<a href=\"https://bestpractices.coreinfrastructure.org/projects/569\"><img src=\"https://bestpractices.coreinfrastructure.org/projects/569/badge\"></a>\n</p>\n"
BADGE_CODE = "# x\n\n```\n[![b](https://www.bestpractices.dev/projects/1/badge)](https://www.bestpractices.dev/projects/1)\n```\n\nInline `https://www.bestpractices.dev/en/projects/2` and real https://www.bestpractices.dev/projects/3.\n"
BADGE_RST = ".. image:: https://www.bestpractices.dev/projects/4242/badge\n   :target: https://www.bestpractices.dev/projects/4242\n"

Z = "\0"
SEEDS = {
    "ci_model": {
        "e2e": Z.join([E2E_CI, E2E_CODEQL, "", "", "", "", "", E2E_GORELEASER]),
        "release": Z.join([E2E_RELEASE, CI_REUSABLE, CI_COMPOSITE, CI_SCRIPT, CI_MAKEFILE, "", "", E2E_GORELEASER]),
        "composite": Z.join([CI_COMPOSITE_WF, CI_REUSABLE, CI_COMPOSITE, CI_SCRIPT, CI_MAKEFILE]),
        "reusable": Z.join([CI_REUSABLE_CALLER, CI_REUSABLE]),
        "run_lines": CI_RUN_LINES,
        "triggers": Z.join([CI_TRIGGERS, "", "", "", "", GITLAB]),
    },
    "yaml": {
        "workflow": E2E_RELEASE, "run_lines": CI_RUN_LINES, "anchors": YAML_ANCHORS,
        "composite": CI_COMPOSITE, "insights": INSIGHTS_V2, "triggers": CI_TRIGGERS,
    },
    "goreleaser": {
        "e2e": Z.join([E2E_GORELEASER, GOLANGCI, E2E_RELEASE]),
        "nosum": Z.join([GORELEASER_NOSUM, GOLANGCI_V2, CI_REUSABLE]),
    },
    "security_policy": {
        "e2e": E2E_SECURITY,
        "policy": Z.join([POLICY, CONTRIBUTING, SECURITY_CONTACTS, INSIGHTS_V2]),
        "references": REFERENCE_HEAVY,
        "obfuscated": Z.join([OBFUSCATED, "", "", INSIGHTS_V1, POLICY]),
        "contributing": Z.join(["", CONTRIBUTING]),
        "insights": INSIGHTS_V1,
    },
    "owners": {
        # first byte: which of the paths exist (bit i = path i)
        "all": "\xff" + Z.join(["* @example/maintainers\n", OWNERS, OWNERS, OWNERS_ALIASES, "* @o/t\n", OWNERS, ROSTER, GITREVIEW]),
        "prow": "\x0e" + Z.join(["", OWNERS, ROSTER, OWNERS_ALIASES]),
        "codeowners": "\x01* @example/maintainers\n",
    },
    "sbom": {
        "spdx_json": Z.join([SPDX_JSON, CDX_XML, CDX_JSON, SPDX_JSON, SBOM_WF]),
        "spdx_tv": SPDX_TV, "spdx_rdf": SPDX_RDF, "cdx_yaml": CDX_YAML, "not_sbom": NOT_SBOM,
    },
    "tools": {
        # .golangci.yml, .pre-commit-config.yaml, pyproject.toml, ci.yml, dependabot.yml,
        # src/.golangci.toml, pkg/fuzz_test.go, Makefile (shapes of src/evidence/tools/tests.rs)
        "switches": Z.join([
            "version: \"2\"\nlinters:\n  default: none\n  enable:\n    - govet\n    - gosec\n  disable:\n    - gas\n",
            "repos:\n  - repo: https://github.com/PyCQA/bandit\n    hooks:\n      - id: bandit\n      - id: gitleaks\n        entry: gitleaks protect\n",
            "[tool.ruff.lint]\nselect = [\"E\", \"SIM\"]\nextend-select = [\n  \"S101\", # bandit\n]\n",
            "on: [pull_request]\njobs:\n  j:\n    steps:\n      - uses: pre-commit/action@v3\n      - run: make lint\n      - run: ruff check .\n      - uses: aquasecurity/trivy-action@master\n        with:\n          scan-type: fs\n          format: cyclonedx\n      - run: sha256sum dist/* | tee SUMS && cosign sign-blob --yes SUMS\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          tags: ghcr.io/o/a:v1\n",
            "version: 2\nupdates:\n  - package-ecosystem: gomod\n    directories: [\"/\", \"/tools\"]\n  - package-ecosystem: gitsubmodule\n    directory: /\n    open-pull-requests-limit: 0\n",
            "[linters]\nenable = [\n  \"gosec\",\n]\nenable-all = true\n",
            "package p\n\nimport \"testing\"\n\nfunc FuzzParse(f *testing.F) {\n}\n",
            "lint:\n\tgolangci-lint run ./...\n\tgo test -fuzz=FuzzParse ./pkg\n",
        ]),
        "json_golangci": Z.join(["", "", "", "on: push\njobs:\n  j:\n    steps:\n      - uses: golangci/golangci-lint-action@v8\n"]),
    },
    "badge": {
        "e2e": E2E_README,
        "html": Z.join([BADGE_HTML, BADGE_RST]),
        "code": Z.join([BADGE_CODE, "", E2E_README, E2E_README]),
    },
}

for target, seeds in SEEDS.items():
    d = os.path.join("seeds", target)
    os.makedirs(d, exist_ok=True)
    for name, text in seeds.items():
        data = text.encode("latin-1") if target == "owners" else text.encode("utf-8")
        if target == "owners":
            data = data[:1] + text[1:].encode("utf-8")
        with open(os.path.join(d, name), "wb") as f:
            f.write(data)
