//! Tests of the release pipeline (`pipeline.rs`).
use super::*;
use crate::evidence::ci::build;
use crate::probes::testing::snapshot;

#[test]
fn assets_by_name() {
    use Artifact::*;
    assert_eq!(classify_asset("checksums.txt"), Some(Checksums));
    assert_eq!(classify_asset("app_1.0_checksums.txt"), Some(Checksums));
    assert_eq!(classify_asset("SHA256SUMS"), Some(Checksums));
    assert_eq!(classify_asset("app.tar.gz.sha256"), Some(Checksums));
    assert_eq!(classify_asset("app.sha512"), Some(Checksums));
    assert_eq!(classify_asset("checksums.txt.sig"), Some(Signatures));
    assert_eq!(classify_asset("SHA256SUMS.asc"), Some(Signatures));
    assert_eq!(classify_asset("app.pem"), Some(Signatures));
    assert_eq!(classify_asset("app.sigstore.json"), Some(Signatures));
    assert_eq!(classify_asset("app.bundle"), Some(Signatures));
    assert_eq!(classify_asset("multiple.intoto.jsonl"), Some(Provenance));
    assert_eq!(classify_asset("app.spdx.json"), Some(Sbom));
    assert_eq!(classify_asset("app.cdx.json"), Some(Sbom));
    assert_eq!(classify_asset("app_sbom.json"), Some(Sbom));
    assert_eq!(classify_asset("app.sbom"), Some(Sbom));
    assert_eq!(classify_asset("app_linux_amd64.tar.gz"), None);
}

fn got(files: &[(&str, &str)]) -> (ReleasePipeline, Vec<(Artifact, &'static str, String, u32)>) {
    let p = release_pipeline(&build(&snapshot(files)));
    let v = p
        .findings
        .iter()
        .map(|f| {
            (
                f.artifact,
                &*f.tool.clone().leak(),
                f.at.path.clone(),
                f.at.line,
            )
        })
        .collect();
    (p, v)
}

const RELEASE: &str = "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n      # cosign sign-blob commented out\n      - run: cosign sign-blob --yes a.tar.gz\n      - uses: slsa-framework/slsa-github-generator/.github/workflows/generator_generic_slsa3.yml@v2\n      - run: echo \"$SUM  x\" | sha256sum -c\n      - run: sha256sum dist/* > SHA256SUMS\n      - uses: docker/build-push-action@v6\n        with:\n          push: true\n          sbom: true\n      - run: gh release create \"$TAG\" dist/*\n";

/// pallets/flask's `publish.yaml`: `pypa/gh-action-pypi-publish` pinned to a SHA with
/// `# v1.13.0`, trusted publishing: attestations by default. With a password, or before
/// v1.11, or with `attestations: false`, none.
#[test]
fn pypi_publish_attestations_by_version_and_inputs() {
    let wf = |uses: &str, with: &str| {
        format!(
            "on:\n  push:\n    tags: ['*']\njobs:\n  p:\n    steps:\n      - uses: {uses}\n{with}"
        )
    };
    let cases = [
        (
            wf(
                "pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e # v1.13.0",
                "",
            ),
            true,
        ),
        (wf("pypa/gh-action-pypi-publish@release/v1", ""), true),
        (wf("pypa/gh-action-pypi-publish@v1.10.3", ""), false),
        (
            wf(
                "pypa/gh-action-pypi-publish@ed0c53931b1dc9bd32cbe73a98c7f6766f8a527e",
                "",
            ),
            false,
        ),
        (
            wf(
                "pypa/gh-action-pypi-publish@v1.12.4",
                "        with:\n          password: ${{ secrets.PYPI }}\n",
            ),
            false,
        ),
        (
            wf(
                "pypa/gh-action-pypi-publish@v1.12.4",
                "        with:\n          attestations: false\n",
            ),
            false,
        ),
    ];
    for (text, want) in cases {
        let m = build(&snapshot(&[(
            ".github/workflows/publish.yml",
            text.as_str(),
        )]));
        let p = release_pipeline(&m);
        assert_eq!(p.has(Artifact::Provenance), want, "{text}");
        if want {
            assert_eq!(p.findings[0].at.line, 7);
        }
    }
}

#[test]
fn release_steps_are_found_on_their_line() {
    use Artifact::*;
    let wf = ".github/workflows/release.yml";
    let (p, got) = got(&[(wf, RELEASE), ("pkg/sbom.go", "syft\n")]);
    assert_eq!(p.roots.len(), 1);
    assert_eq!(p.roots[0].trigger.line, 2);
    assert_eq!(p.roots[0].trigger_kind, "tag push");
    assert!(
        got.contains(&(Signatures, "cosign", wf.into(), 8)),
        "{got:?}"
    );
    assert!(got.contains(&(Provenance, "slsa-github-generator", wf.into(), 9)));
    assert!(got.contains(&(Checksums, "sha256sum", wf.into(), 11)));
    assert!(got.contains(&(Sbom, "docker buildx", wf.into(), 15)));
    assert!(
        !got.iter().any(|g| g.3 == 10 || g.3 == 7),
        "verification or comment: {got:?}"
    );
}

/// The shape of projects that sign images in their e2e tests (sigstore/policy-controller):
/// a pull-request workflow's `cosign sign` is not a release step.
#[test]
fn test_and_verification_workflows_are_not_release_steps() {
    let (p, got) = got(&[
        (
            ".github/workflows/e2e.yml",
            "on: [pull_request]\njobs:\n  e:\n    steps:\n      - run: cosign sign --yes ttl.sh/test-image\n      - run: goreleaser release --snapshot --clean\n",
        ),
        (
            ".github/workflows/verify-release.yml",
            "on:\n  workflow_dispatch:\njobs:\n  v:\n    steps:\n      - run: gh release download v1 && cosign verify-blob x\n      - run: sha256sum -c SHA256SUMS\n",
        ),
        (".goreleaser.yml", "signs:\n  - cmd: cosign\n"),
    ]);
    assert!(p.roots.is_empty(), "{:?}", p.roots);
    assert!(got.is_empty(), "{got:?}");
    assert!(p.goreleaser_run.is_none());
}

/// GoReleaser used only for `goreleaser build --snapshot` (a CI build check) is not
/// credited with release checksums; one the tag workflow releases with is.
#[test]
fn goreleaser_counts_only_when_the_release_runs_it() {
    use Artifact::*;
    let snapshot_only = "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: build --snapshot\n      - run: docker push x\n";
    let (_, got1) = got(&[
        (".github/workflows/release.yml", snapshot_only),
        (".goreleaser.yml", "builds: []\n"),
    ]);
    assert!(!got1.iter().any(|g| g.1 == "goreleaser"), "{got1:?}");
    let real = "on:\n  push:\n    tags: ['v*']\njobs:\n  b:\n    steps:\n      - uses: goreleaser/goreleaser-action@v6\n        with:\n          args: release --clean -f build/.goreleaser.yaml\n";
    let (p, got2) = got(&[
        (".github/workflows/release.yml", real),
        (
            "build/.goreleaser.yaml",
            "builds: []\nsboms:\n  - artifacts: archive\nsigns:\n  - cmd: cosign\n",
        ),
        ("vendor/x/.goreleaser.yml", "signs: []\n"),
    ]);
    assert_eq!(p.goreleaser_run.as_ref().map(|g| g.0.line), Some(7));
    let cfg = "build/.goreleaser.yaml".to_string();
    assert!(
        got2.contains(&(Sbom, "goreleaser", cfg.clone(), 2)),
        "{got2:?}"
    );
    assert!(got2.contains(&(Signatures, "goreleaser", cfg.clone(), 4)));
    assert!(got2.contains(&(Checksums, "goreleaser", cfg.clone(), 1)));
    assert!(!got2.iter().any(|g| g.2.starts_with("vendor/")));
    let disabled = "checksum:\n  disable: true\n";
    let (_, got3) = got(&[
        (".github/workflows/release.yml", real),
        ("build/.goreleaser.yaml", disabled),
    ]);
    assert!(got3.iter().all(|x| x.0 != Checksums), "{got3:?}");
}

/// The shape of kubernetes-sigs release scripts: the tag workflow runs
/// `hack/release.sh`, which writes the checksums and signs them.
#[test]
fn steps_in_scripts_and_composite_actions_are_found_with_their_chain() {
    use Artifact::*;
    let (p, got) = got(&[
        (
            ".github/workflows/release.yml",
            "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - run: ./hack/release.sh\n      - uses: ./.github/actions/attest\n",
        ),
        (
            "hack/release.sh",
            "set -e\nsha256sum _out/* > _out/SHA256SUMS\ncosign sign-blob --yes _out/SHA256SUMS\ngh release upload \"$TAG\" _out/*\n",
        ),
        (
            ".github/actions/attest/action.yml",
            "runs:\n  using: composite\n  steps:\n    - uses: actions/attest-build-provenance@v2\n    - run: syft dir:. -o spdx-json > sbom.json\n      shell: bash\n",
        ),
    ]);
    assert_eq!(p.roots.len(), 1);
    assert_eq!(p.roots[0].publish.path, "hack/release.sh");
    assert!(
        got.contains(&(Checksums, "sha256sum", "hack/release.sh".into(), 2)),
        "{got:?}"
    );
    assert!(got.contains(&(Signatures, "cosign", "hack/release.sh".into(), 3)));
    let a = ".github/actions/attest/action.yml".to_string();
    assert!(got.contains(&(Provenance, "actions/attest-build-provenance", a.clone(), 4)));
    assert!(got.contains(&(Sbom, "syft", a, 5)), "{got:?}");
    let f = p.findings.iter().find(|f| f.artifact == Checksums).unwrap();
    assert_eq!(f.via[0].line, 7);
    assert_eq!(f.root, ".github/workflows/release.yml");
}

/// Issue 19 class 6: what a release pipeline signs (images or files), checksums that are
/// files (not a sum printed into `$GITHUB_OUTPUT` for a provenance subject), read-only
/// release actions and `gh release download` (not publishing), chart-releaser (charts),
/// and where the steps publish.
#[test]
fn release_step_scope() {
    use crate::evidence::tools::catalogue::Covers;
    let wf = ".github/workflows/release.yml";
    let (p, steps) = got(&[(
        wf,
        concat!(
            "on:\n  push:\n    tags: ['v*']\njobs:\n  r:\n    steps:\n",
            "      - uses: pozetroninc/github-action-get-latest-release@v0.8.0\n",
            "      - run: gh release download v1 -p '*.tgz'\n",
            "      - run: echo \"hashes=$(sha256sum dist/* | base64 -w0)\" >> \"$GITHUB_OUTPUT\"\n",
            "      - run: cosign sign --yes ghcr.io/o/app@${{ steps.b.outputs.digest }}\n",
            "      - uses: helm/chart-releaser-action@v1\n",
            "      - run: docker push quay.io/o/app:${{ github.ref_name }}\n",
        ),
    )]);
    assert!(
        !steps.iter().any(|g| g.0 == Artifact::Checksums),
        "a sum for provenance is not a checksum file: {steps:?}"
    );
    assert_eq!(p.roots.len(), 1);
    assert_eq!(p.roots[0].publish_tool, "helm/chart-releaser-action");
    assert_eq!(p.roots[0].publish.line, 11);
    assert_eq!(p.covered(Artifact::Signatures), vec!["images"]);
    let dest: Vec<(&str, &str, Option<Covers>)> = p
        .published
        .iter()
        .map(|d| (d.tool.as_str(), d.destination.as_str(), d.covers))
        .collect();
    assert_eq!(
        dest,
        vec![
            (
                "helm/chart-releaser-action",
                "github-releases",
                Some(Covers::Charts)
            ),
            ("an image push", "quay.io", Some(Covers::Images)),
        ]
    );
    // A workflow that only reads releases is no release pipeline.
    let (p, _) = got(&[(
        ".github/workflows/verify.yml",
        "on:\n  release:\n    types: [published]\njobs:\n  v:\n    steps:\n      - uses: robinraju/release-downloader@v1\n      - run: gh release view \"$TAG\"\n",
    )]);
    assert!(p.roots.is_empty(), "{:?}", p.roots);
    // Signing files and images both say so.
    let (p, _) = got(&[(
        wf,
        "on:\n  release:\n    types: [published]\njobs:\n  r:\n    steps:\n      - run: cosign sign-blob --yes x.tgz\n      - run: cosign sign --yes ghcr.io/o/a:v1\n      - run: gh release upload v1 x.tgz\n",
    )]);
    assert_eq!(p.covered(Artifact::Signatures), vec!["files", "images"]);
}

/// A publishing step that makes a draft release (`draft: true`, `gh release create
/// --draft`) is a draft, so the release is not published by that workflow alone.
#[test]
fn draft_releases_are_drafts() {
    let wf = |step: &str| {
        format!(
            "on:\n  workflow_dispatch:\njobs:\n  r:\n    steps:\n      - run: sha256sum dist/* > SHA256SUMS\n{step}"
        )
    };
    let cases = [
        (
            "      - uses: softprops/action-gh-release@v2\n        with:\n          draft: true\n          files: dist/*\n",
            true,
        ),
        (
            "      - uses: softprops/action-gh-release@v2\n        with:\n          draft: false\n",
            false,
        ),
        (
            "      - run: gh release create \"$TAG\" --draft dist/*\n",
            true,
        ),
        ("      - run: gh release create \"$TAG\" dist/*\n", false),
    ];
    for (step, draft) in cases {
        let (p, _) = got(&[(".github/workflows/release.yml", &wf(step))]);
        let root = p.roots.first();
        assert!(root.is_some(), "{step}");
        assert_eq!(root.map(|r| r.draft), Some(draft), "{step}");
    }
}
