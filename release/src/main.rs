//! `okta-release`: the release steps `./dev` runs. See `okta_release` for what each one does.

use anyhow::{Context, Result, bail};
use okta_release::{contract, package::Package, reference, stamp, workspace_root};
use std::io::{Read, Write};
use std::path::Path;

const USAGE: &str = "\
usage: okta-release <command>
  version                      print Cargo.toml's version
  check-wit                    the freeze check: wit/ against the released contract of its version
  freeze-wit                   write wit/ as wit/released/<version>/okta-management.wit
  wit OUT                      write wit/ as one WIT file (its WASI dependencies nested)
  stamp IN OUT [REVISION]      copy the component IN to OUT with the release metadata
  show FILE                    print a component's release metadata
  docs                         render the reference from `okta-harness describe --json` on stdin";

fn main() {
    if let Err(e) = run(&std::env::args().skip(1).collect::<Vec<_>>()) {
        eprintln!("okta-release: {e:#}");
        std::process::exit(1);
    }
}

fn run(args: &[String]) -> Result<()> {
    let root = workspace_root();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["version"] => println!("{}", Package::read(&root)?.version()?),
        ["check-wit"] => match contract::check(&root)? {
            contract::Status::Frozen(v) => println!("wit/ is the released contract of {v}"),
            contract::Status::Unreleased { version, since } => println!(
                "{version} is not released yet (last release: {}); run `./dev freeze-wit` to release its contract",
                since.map_or("none".to_owned(), |v| v.to_string())
            ),
        },
        ["freeze-wit"] => {
            let path = contract::freeze(&root)?;
            println!(
                "wrote {}",
                path.strip_prefix(&root).unwrap_or(&path).display()
            );
        }
        ["wit", out] => {
            let text = contract::Contract::from_dir(&root.join("wit"))?.to_wit()?;
            write(Path::new(out), text.as_bytes())?;
        }
        ["stamp", input, out, rest @ ..] if rest.len() <= 1 => {
            let bytes = std::fs::read(input).with_context(|| format!("cannot read {input}"))?;
            let stamped = stamp::stamp(&bytes, &Package::read(&root)?, rest.first().copied())?;
            write(Path::new(out), &stamped)?;
        }
        ["show", file] => {
            let bytes = std::fs::read(file).with_context(|| format!("cannot read {file}"))?;
            print!("{}", stamp::show(&bytes)?);
        }
        ["docs"] => {
            let mut json = String::new();
            std::io::stdin().read_to_string(&mut json)?;
            let manifest = serde_json::from_str(&json).context("stdin is not the manifest JSON")?;
            std::io::stdout().write_all(reference::render(&manifest).as_bytes())?;
        }
        _ => bail!("{USAGE}"),
    }
    Ok(())
}

fn write(path: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(path, bytes).with_context(|| format!("cannot write {}", path.display()))
}
