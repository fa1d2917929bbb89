//! `connect-emulator`: runs the emulator and prints its URLs as one JSON line.

use std::path::PathBuf;

use clap::{Parser, ValueEnum};
use connect_emulator::{AgentMode, Config, Emulator, IdleDisconnect};

#[derive(Clone, Copy, ValueEnum)]
enum Agent {
    Scripted,
    None,
}

/// A local Amazon Connect Participant Service, S3 and agent.
#[derive(Parser)]
#[command(version, about)]
struct Args {
    /// Address to bind.
    #[arg(long, default_value = "127.0.0.1")]
    host: String,
    /// Participant port (0 picks a free port).
    #[arg(long, default_value_t = 0)]
    port: u16,
    /// Whether a scripted agent answers chats.
    #[arg(long, value_enum, default_value = "scripted")]
    agent: Agent,
    /// Serve this directory (the demo page, the built widget) on its own port.
    #[arg(long = "static", value_name = "DIR")]
    static_dir: Option<PathBuf>,
    /// Keep contacts and transcripts in DIR/state.json across restarts.
    #[arg(long = "data", value_name = "DIR")]
    data_dir: Option<PathBuf>,
    /// Auto-disconnect a customer who writes nothing for N ms (participant.autodisconnection,
    /// the agent leaves, the disconnect flow writes, chat.ended).
    #[arg(long, value_name = "N")]
    idle_disconnect_ms: Option<u64>,
    /// With --idle-disconnect-ms: the disconnect flow keeps the chat open instead of ending it.
    #[arg(long, requires = "idle_disconnect_ms")]
    idle_keep_open: bool,
}

#[tokio::main]
async fn main() -> std::process::ExitCode {
    let args = Args::parse();
    if let Some(dir) = &args.static_dir {
        if !dir.is_dir() {
            eprintln!(
                "connect-emulator: --static {} is not a directory",
                dir.display()
            );
            return std::process::ExitCode::from(2);
        }
    }
    let config = Config {
        host: args.host,
        port: args.port,
        agent: match args.agent {
            Agent::Scripted => AgentMode::Scripted,
            Agent::None => AgentMode::None,
        },
        static_dir: args.static_dir,
        data_dir: args.data_dir,
        idle_disconnect: args.idle_disconnect_ms.map(|ms| IdleDisconnect {
            after: std::time::Duration::from_millis(ms),
            end_chat: !args.idle_keep_open,
        }),
        ..Config::default()
    };
    let emulator = match Emulator::start(config).await {
        Ok(e) => e,
        Err(e) => {
            eprintln!("connect-emulator: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    println!("{}", emulator.urls_json());
    stop_signal().await;
    emulator.shutdown().await;
    std::process::ExitCode::SUCCESS
}

/// Ctrl-C or SIGTERM (how test scripts stop it).
async fn stop_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
