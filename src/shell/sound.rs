//! A short, quiet notification tone, made with Web Audio (no sound file to load).

use web_sys::AudioContext;

/// Plays tones on one audio context, created on first use.
#[derive(Default)]
pub struct Chime {
    context: Option<AudioContext>,
}

impl Chime {
    /// Plays a 150 ms tone. Silently does nothing where audio is unavailable or not yet allowed
    /// (browsers keep audio suspended until the page has had a user gesture).
    pub fn play(&mut self) {
        if self.context.is_none() {
            self.context = AudioContext::new().ok();
        }
        let Some(context) = &self.context else { return };
        let _ = context.resume();
        let (Ok(oscillator), Ok(gain)) = (context.create_oscillator(), context.create_gain())
        else {
            return;
        };
        oscillator.frequency().set_value(880.0);
        gain.gain().set_value(0.05);
        let now = context.current_time();
        let _ = oscillator
            .connect_with_audio_node(&gain)
            .and_then(|_| gain.connect_with_audio_node(&context.destination()))
            .and_then(|_| oscillator.start())
            .and_then(|_| oscillator.stop_with_when(now + 0.15));
    }
}

impl Drop for Chime {
    fn drop(&mut self) {
        if let Some(context) = self.context.take() {
            let _ = context.close();
        }
    }
}
