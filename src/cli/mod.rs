//! The command line, kept at the edge of the program: the clap definitions ([`args`]), their
//! resolution into the library's options ([`config`]), and the files generated from them
//! ([`generate`]: shell completions and man pages). The library never sees a clap type.

pub mod args;
pub mod config;
pub mod generate;
pub mod watch;
