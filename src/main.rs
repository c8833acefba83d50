fn main() -> std::process::ExitCode {
    std::process::ExitCode::from(tssa_probe::cli::main())
}
