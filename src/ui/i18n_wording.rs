//! The locale tables' strings for the sentences [`super::wording`] builds: events as the
//! conversation and the transcript say them, the transcript's heading, an over-long message,
//! a quoted file name, and the uploads tray's dismiss. `{}` stands for each argument in turn.
//! [`super::i18n::KEYS`] lists these too.

pub(super) const EN: &[(&str, &str)] = &[
    ("dismiss", "Dismiss"),
    (
        "too_long_by",
        "Your message is {} characters too long (limit {}).",
    ),
    ("quoted", "“{}”"),
    ("file_line", "File: {}"),
    ("transcript_heading", "Chat transcript, {}"),
    ("ev_auth_started", "Sign-in requested"),
    ("ev_auth_succeeded", "Signed in"),
    ("ev_auth_failed", "Sign-in failed"),
    ("ev_auth_timed_out", "Sign-in timed out"),
    ("ev_auth_expired", "Sign-in expired"),
    ("ev_auth_cancelled", "Sign-in cancelled"),
];

pub(super) const DE: &[(&str, &str)] = &[
    ("dismiss", "Ausblenden"),
    (
        "too_long_by",
        "Ihre Nachricht ist {} Zeichen zu lang (höchstens {}).",
    ),
    ("quoted", "„{}“"),
    ("file_line", "Datei: {}"),
    ("transcript_heading", "Chatverlauf, {}"),
    ("ev_auth_started", "Anmeldung angefordert"),
    ("ev_auth_succeeded", "Angemeldet"),
    ("ev_auth_failed", "Anmeldung fehlgeschlagen"),
    ("ev_auth_timed_out", "Zeit für die Anmeldung abgelaufen"),
    ("ev_auth_expired", "Anmeldung abgelaufen"),
    ("ev_auth_cancelled", "Anmeldung abgebrochen"),
];

pub(super) const ES: &[(&str, &str)] = &[
    ("dismiss", "Descartar"),
    (
        "too_long_by",
        "Su mensaje tiene {} caracteres de más (máximo {}).",
    ),
    ("quoted", "«{}»"),
    ("file_line", "Archivo: {}"),
    ("transcript_heading", "Transcripción del chat, {}"),
    ("ev_auth_started", "Inicio de sesión solicitado"),
    ("ev_auth_succeeded", "Sesión iniciada"),
    ("ev_auth_failed", "El inicio de sesión falló"),
    (
        "ev_auth_timed_out",
        "Se agotó el tiempo para iniciar sesión",
    ),
    ("ev_auth_expired", "El inicio de sesión caducó"),
    ("ev_auth_cancelled", "Inicio de sesión cancelado"),
];

pub(super) const FR: &[(&str, &str)] = &[
    ("dismiss", "Ignorer"),
    (
        "too_long_by",
        "Votre message dépasse de {} caractères la limite ({}).",
    ),
    ("quoted", "« {} »"),
    ("file_line", "Fichier : {}"),
    ("transcript_heading", "Transcription de la discussion, {}"),
    ("ev_auth_started", "Connexion demandée"),
    ("ev_auth_succeeded", "Connecté"),
    ("ev_auth_failed", "La connexion a échoué"),
    ("ev_auth_timed_out", "Le délai de connexion a expiré"),
    ("ev_auth_expired", "La connexion a expiré"),
    ("ev_auth_cancelled", "Connexion annulée"),
];

pub(super) const JA: &[(&str, &str)] = &[
    ("dismiss", "閉じる"),
    (
        "too_long_by",
        "メッセージが{}文字長すぎます（上限{}文字）。",
    ),
    ("quoted", "「{}」"),
    ("file_line", "ファイル: {}"),
    ("transcript_heading", "チャットの記録、{}"),
    ("ev_auth_started", "サインインが求められました"),
    ("ev_auth_succeeded", "サインインしました"),
    ("ev_auth_failed", "サインインに失敗しました"),
    ("ev_auth_timed_out", "サインインの時間切れです"),
    ("ev_auth_expired", "サインインの期限が切れました"),
    ("ev_auth_cancelled", "サインインは取り消されました"),
];

pub(super) const AR: &[(&str, &str)] = &[
    ("dismiss", "تجاهل"),
    (
        "too_long_by",
        "رسالتك أطول من المسموح بـ {} حرفًا (الحد {}).",
    ),
    ("quoted", "«{}»"),
    ("file_line", "ملف: {}"),
    ("transcript_heading", "نص المحادثة، {}"),
    ("ev_auth_started", "طُلب تسجيل الدخول"),
    ("ev_auth_succeeded", "تم تسجيل الدخول"),
    ("ev_auth_failed", "فشل تسجيل الدخول"),
    ("ev_auth_timed_out", "انتهت مهلة تسجيل الدخول"),
    ("ev_auth_expired", "انتهت صلاحية تسجيل الدخول"),
    ("ev_auth_cancelled", "أُلغي تسجيل الدخول"),
];
