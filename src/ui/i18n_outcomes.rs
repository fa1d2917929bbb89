//! The locale tables' strings for the session's typed outcomes (what failed, why, uploads
//! refused, sign-in), kept apart from the interface's own strings in [`super::i18n`] (whose `KEYS` lists
//! these too).

pub(super) const EN: &[(&str, &str)] = &[
    ("fail_network", "The network is unavailable."),
    (
        "offline_prechat",
        "You are offline. You can start the chat once you are back online.",
    ),
    (
        "fail_not_connected",
        "Not connected; please try again in a moment.",
    ),
    ("fail_not_started", "The chat has not started."),
    ("fail_already_started", "A chat is already running."),
    ("fail_not_configured", "The site has not set this up."),
    ("fail_chat_ended", "The chat is no longer available."),
    (
        "fail_throttled",
        "The service is busy; please try again shortly.",
    ),
    ("fail_empty", "The message is empty."),
    (
        "fail_too_long",
        "The message is too long; at most {} characters are allowed.",
    ),
    ("fail_invalid", "The request was not valid ({})."),
    ("fail_refused", "The service refused the request."),
    ("fail_quota", "This chat has reached a limit."),
    ("fail_not_found", "It could not be found."),
    (
        "fail_conflict",
        "The request conflicts with the chat's state.",
    ),
    (
        "fail_service",
        "The service had a problem; please try again.",
    ),
    (
        "fail_bad_answer",
        "The service sent an answer that could not be read.",
    ),
    ("act_start", "The chat could not start."),
    ("act_connect", "Could not connect to the chat."),
    ("act_subscribe", "Could not subscribe to the chat."),
    ("act_send", "A message was not sent."),
    ("act_load_older", "Older messages could not be loaded."),
    ("act_upload", "The file could not be attached."),
    ("act_open_attachment", "The attachment could not be opened."),
    ("act_load_view", "The form could not be loaded."),
    ("act_notify", "The others could not be told."),
    ("act_cancel_auth", "Sign-in could not be cancelled."),
    ("act_end", "The chat could not be ended."),
    ("upload_name", "The file name is empty or too long."),
    (
        "upload_type",
        "This type of file cannot be attached; allowed types are {}.",
    ),
    (
        "upload_content_type",
        "The file's content does not match its name.",
    ),
    ("upload_empty", "The file is empty."),
    (
        "upload_too_big",
        "The file is too large; at most {} are allowed.",
    ),
    (
        "upload_too_many",
        "This chat has as many attachments as allowed.",
    ),
    (
        "upload_storage",
        "The file storage refused the upload (HTTP {}).",
    ),
    ("size_bytes", "{} bytes"),
    ("size_kb", "{} KB"),
    ("size_mb", "{} MB"),
];

pub(super) const DE: &[(&str, &str)] = &[
    ("fail_network", "Das Netzwerk ist nicht verfügbar."),
    (
        "offline_prechat",
        "Sie sind offline. Sie können den Chat starten, sobald Sie wieder online sind.",
    ),
    (
        "fail_not_connected",
        "Nicht verbunden; bitte versuchen Sie es gleich noch einmal.",
    ),
    ("fail_not_started", "Der Chat hat noch nicht begonnen."),
    ("fail_already_started", "Ein Chat läuft bereits."),
    (
        "fail_not_configured",
        "Die Website hat dies nicht eingerichtet.",
    ),
    ("fail_chat_ended", "Der Chat ist nicht mehr verfügbar."),
    (
        "fail_throttled",
        "Der Dienst ist ausgelastet; bitte versuchen Sie es gleich noch einmal.",
    ),
    ("fail_empty", "Die Nachricht ist leer."),
    (
        "fail_too_long",
        "Die Nachricht ist zu lang; höchstens {} Zeichen sind erlaubt.",
    ),
    ("fail_invalid", "Die Anfrage war ungültig ({})."),
    ("fail_refused", "Der Dienst hat die Anfrage abgelehnt."),
    ("fail_quota", "Dieser Chat hat ein Limit erreicht."),
    ("fail_not_found", "Es wurde nicht gefunden."),
    (
        "fail_conflict",
        "Die Anfrage passt nicht zum Zustand des Chats.",
    ),
    (
        "fail_service",
        "Beim Dienst ist ein Fehler aufgetreten; bitte versuchen Sie es erneut.",
    ),
    (
        "fail_bad_answer",
        "Die Antwort des Dienstes konnte nicht gelesen werden.",
    ),
    ("act_start", "Der Chat konnte nicht gestartet werden."),
    ("act_connect", "Keine Verbindung zum Chat möglich."),
    ("act_subscribe", "Der Chat konnte nicht abonniert werden."),
    ("act_send", "Eine Nachricht wurde nicht gesendet."),
    (
        "act_load_older",
        "Ältere Nachrichten konnten nicht geladen werden.",
    ),
    ("act_upload", "Die Datei konnte nicht angehängt werden."),
    (
        "act_open_attachment",
        "Der Anhang konnte nicht geöffnet werden.",
    ),
    ("act_load_view", "Das Formular konnte nicht geladen werden."),
    (
        "act_notify",
        "Die anderen konnten nicht benachrichtigt werden.",
    ),
    (
        "act_cancel_auth",
        "Die Anmeldung konnte nicht abgebrochen werden.",
    ),
    ("act_end", "Der Chat konnte nicht beendet werden."),
    ("upload_name", "Der Dateiname ist leer oder zu lang."),
    (
        "upload_type",
        "Dieser Dateityp kann nicht angehängt werden; erlaubt sind {}.",
    ),
    (
        "upload_content_type",
        "Der Inhalt der Datei passt nicht zu ihrem Namen.",
    ),
    ("upload_empty", "Die Datei ist leer."),
    (
        "upload_too_big",
        "Die Datei ist zu groß; höchstens {} sind erlaubt.",
    ),
    (
        "upload_too_many",
        "Dieser Chat hat bereits so viele Anhänge wie erlaubt.",
    ),
    (
        "upload_storage",
        "Der Dateispeicher hat das Hochladen abgelehnt (HTTP {}).",
    ),
    ("size_bytes", "{} Bytes"),
    ("size_kb", "{} KB"),
    ("size_mb", "{} MB"),
];

pub(super) const ES: &[(&str, &str)] = &[
    ("fail_network", "La red no está disponible."),
    (
        "offline_prechat",
        "Estás sin conexión. Podrás iniciar el chat cuando vuelvas a estar en línea.",
    ),
    (
        "fail_not_connected",
        "Sin conexión; inténtelo de nuevo en un momento.",
    ),
    ("fail_not_started", "El chat no ha empezado."),
    ("fail_already_started", "Ya hay un chat en curso."),
    ("fail_not_configured", "El sitio no lo ha configurado."),
    ("fail_chat_ended", "El chat ya no está disponible."),
    (
        "fail_throttled",
        "El servicio está ocupado; inténtelo de nuevo en breve.",
    ),
    ("fail_empty", "El mensaje está vacío."),
    (
        "fail_too_long",
        "El mensaje es demasiado largo; se permiten como máximo {} caracteres.",
    ),
    ("fail_invalid", "La solicitud no era válida ({})."),
    ("fail_refused", "El servicio rechazó la solicitud."),
    ("fail_quota", "Este chat ha alcanzado un límite."),
    ("fail_not_found", "No se encontró."),
    (
        "fail_conflict",
        "La solicitud no es compatible con el estado del chat.",
    ),
    (
        "fail_service",
        "El servicio tuvo un problema; inténtelo de nuevo.",
    ),
    (
        "fail_bad_answer",
        "No se pudo leer la respuesta del servicio.",
    ),
    ("act_start", "No se pudo iniciar el chat."),
    ("act_connect", "No se pudo conectar con el chat."),
    ("act_subscribe", "No se pudo suscribir al chat."),
    ("act_send", "Un mensaje no se envió."),
    (
        "act_load_older",
        "No se pudieron cargar los mensajes anteriores.",
    ),
    ("act_upload", "No se pudo adjuntar el archivo."),
    (
        "act_open_attachment",
        "No se pudo abrir el archivo adjunto.",
    ),
    ("act_load_view", "No se pudo cargar el formulario."),
    ("act_notify", "No se pudo avisar a los demás."),
    (
        "act_cancel_auth",
        "No se pudo cancelar el inicio de sesión.",
    ),
    ("act_end", "No se pudo finalizar el chat."),
    (
        "upload_name",
        "El nombre del archivo está vacío o es demasiado largo.",
    ),
    (
        "upload_type",
        "No se puede adjuntar este tipo de archivo; se permiten {}.",
    ),
    (
        "upload_content_type",
        "El contenido del archivo no coincide con su nombre.",
    ),
    ("upload_empty", "El archivo está vacío."),
    (
        "upload_too_big",
        "El archivo es demasiado grande; se permiten como máximo {}.",
    ),
    (
        "upload_too_many",
        "Este chat ya tiene todos los archivos adjuntos permitidos.",
    ),
    (
        "upload_storage",
        "El almacenamiento rechazó el archivo (HTTP {}).",
    ),
    ("size_bytes", "{} bytes"),
    ("size_kb", "{} KB"),
    ("size_mb", "{} MB"),
];

pub(super) const FR: &[(&str, &str)] = &[
    ("fail_network", "Le réseau n'est pas disponible."),
    (
        "offline_prechat",
        "Vous êtes hors ligne. Vous pourrez démarrer la discussion dès votre retour en ligne.",
    ),
    (
        "fail_not_connected",
        "Pas de connexion ; veuillez réessayer dans un instant.",
    ),
    ("fail_not_started", "La discussion n'a pas commencé."),
    ("fail_already_started", "Une discussion est déjà en cours."),
    ("fail_not_configured", "Le site ne l'a pas configuré."),
    ("fail_chat_ended", "La discussion n'est plus disponible."),
    (
        "fail_throttled",
        "Le service est occupé ; veuillez réessayer dans un instant.",
    ),
    ("fail_empty", "Le message est vide."),
    (
        "fail_too_long",
        "Le message est trop long ; {} caractères au plus sont autorisés.",
    ),
    ("fail_invalid", "La demande n'était pas valide ({})."),
    ("fail_refused", "Le service a refusé la demande."),
    ("fail_quota", "Cette discussion a atteint une limite."),
    ("fail_not_found", "Introuvable."),
    (
        "fail_conflict",
        "La demande ne correspond pas à l'état de la discussion.",
    ),
    (
        "fail_service",
        "Le service a rencontré un problème ; veuillez réessayer.",
    ),
    (
        "fail_bad_answer",
        "La réponse du service n'a pas pu être lue.",
    ),
    ("act_start", "La discussion n'a pas pu démarrer."),
    ("act_connect", "Connexion à la discussion impossible."),
    ("act_subscribe", "Abonnement à la discussion impossible."),
    ("act_send", "Un message n'a pas été envoyé."),
    (
        "act_load_older",
        "Les messages précédents n'ont pas pu être chargés.",
    ),
    ("act_upload", "Le fichier n'a pas pu être joint."),
    (
        "act_open_attachment",
        "La pièce jointe n'a pas pu être ouverte.",
    ),
    ("act_load_view", "Le formulaire n'a pas pu être chargé."),
    (
        "act_notify",
        "Les autres participants n'ont pas pu être prévenus.",
    ),
    ("act_cancel_auth", "La connexion n'a pas pu être annulée."),
    ("act_end", "La discussion n'a pas pu être terminée."),
    ("upload_name", "Le nom du fichier est vide ou trop long."),
    (
        "upload_type",
        "Ce type de fichier ne peut pas être joint ; types autorisés : {}.",
    ),
    (
        "upload_content_type",
        "Le contenu du fichier ne correspond pas à son nom.",
    ),
    ("upload_empty", "Le fichier est vide."),
    (
        "upload_too_big",
        "Le fichier est trop volumineux ; {} au plus sont autorisés.",
    ),
    (
        "upload_too_many",
        "Cette discussion a déjà autant de pièces jointes que permis.",
    ),
    (
        "upload_storage",
        "Le stockage a refusé le fichier (HTTP {}).",
    ),
    ("size_bytes", "{} octets"),
    ("size_kb", "{} Ko"),
    ("size_mb", "{} Mo"),
];

pub(super) const JA: &[(&str, &str)] = &[
    ("fail_network", "ネットワークに接続できません。"),
    (
        "offline_prechat",
        "オフラインです。オンラインに戻るとチャットを開始できます。",
    ),
    (
        "fail_not_connected",
        "接続されていません。しばらくしてからもう一度お試しください。",
    ),
    ("fail_not_started", "チャットはまだ始まっていません。"),
    ("fail_already_started", "チャットはすでに進行中です。"),
    ("fail_not_configured", "このサイトでは設定されていません。"),
    ("fail_chat_ended", "このチャットはもう利用できません。"),
    (
        "fail_throttled",
        "サービスが混み合っています。少ししてからもう一度お試しください。",
    ),
    ("fail_empty", "メッセージが空です。"),
    (
        "fail_too_long",
        "メッセージが長すぎます。最大 {} 文字までです。",
    ),
    ("fail_invalid", "リクエストが無効です ({})。"),
    ("fail_refused", "サービスがリクエストを拒否しました。"),
    ("fail_quota", "このチャットは上限に達しました。"),
    ("fail_not_found", "見つかりませんでした。"),
    (
        "fail_conflict",
        "リクエストがチャットの状態と矛盾しています。",
    ),
    (
        "fail_service",
        "サービスで問題が発生しました。もう一度お試しください。",
    ),
    (
        "fail_bad_answer",
        "サービスからの応答を読み取れませんでした。",
    ),
    ("act_start", "チャットを開始できませんでした。"),
    ("act_connect", "チャットに接続できませんでした。"),
    ("act_subscribe", "チャットを購読できませんでした。"),
    ("act_send", "メッセージが送信されませんでした。"),
    ("act_load_older", "以前のメッセージを読み込めませんでした。"),
    ("act_upload", "ファイルを添付できませんでした。"),
    ("act_open_attachment", "添付ファイルを開けませんでした。"),
    ("act_load_view", "フォームを読み込めませんでした。"),
    ("act_notify", "相手に通知できませんでした。"),
    ("act_cancel_auth", "サインインを取り消せませんでした。"),
    ("act_end", "チャットを終了できませんでした。"),
    ("upload_name", "ファイル名が空か、長すぎます。"),
    (
        "upload_type",
        "この種類のファイルは添付できません。使用できる種類: {}。",
    ),
    (
        "upload_content_type",
        "ファイルの内容が名前と一致しません。",
    ),
    ("upload_empty", "ファイルが空です。"),
    (
        "upload_too_big",
        "ファイルが大きすぎます。最大 {} までです。",
    ),
    (
        "upload_too_many",
        "このチャットの添付ファイル数が上限に達しました。",
    ),
    (
        "upload_storage",
        "ファイルの保存先がアップロードを拒否しました (HTTP {})。",
    ),
    ("size_bytes", "{} バイト"),
    ("size_kb", "{} KB"),
    ("size_mb", "{} MB"),
];

pub(super) const AR: &[(&str, &str)] = &[
    ("fail_network", "الشبكة غير متاحة."),
    (
        "offline_prechat",
        "أنت غير متصل. يمكنك بدء المحادثة عند عودة الاتصال.",
    ),
    (
        "fail_not_connected",
        "غير متصل؛ يرجى المحاولة مرة أخرى بعد قليل.",
    ),
    ("fail_not_started", "لم تبدأ المحادثة بعد."),
    ("fail_already_started", "هناك محادثة جارية بالفعل."),
    ("fail_not_configured", "لم يُعِدّ الموقع هذه الميزة."),
    ("fail_chat_ended", "المحادثة لم تعد متاحة."),
    (
        "fail_throttled",
        "الخدمة مشغولة؛ يرجى المحاولة مرة أخرى بعد قليل.",
    ),
    ("fail_empty", "الرسالة فارغة."),
    ("fail_too_long", "الرسالة طويلة جدًا؛ الحد الأقصى {} حرفًا."),
    ("fail_invalid", "الطلب غير صالح ({})."),
    ("fail_refused", "رفضت الخدمة الطلب."),
    ("fail_quota", "بلغت هذه المحادثة أحد الحدود."),
    ("fail_not_found", "تعذر العثور عليه."),
    ("fail_conflict", "الطلب يتعارض مع حالة المحادثة."),
    (
        "fail_service",
        "حدثت مشكلة في الخدمة؛ يرجى المحاولة مرة أخرى.",
    ),
    ("fail_bad_answer", "تعذرت قراءة رد الخدمة."),
    ("act_start", "تعذر بدء المحادثة."),
    ("act_connect", "تعذر الاتصال بالمحادثة."),
    ("act_subscribe", "تعذر الاشتراك في المحادثة."),
    ("act_send", "لم يتم إرسال رسالة."),
    ("act_load_older", "تعذر تحميل الرسائل السابقة."),
    ("act_upload", "تعذر إرفاق الملف."),
    ("act_open_attachment", "تعذر فتح المرفق."),
    ("act_load_view", "تعذر تحميل النموذج."),
    ("act_notify", "تعذر إبلاغ الآخرين."),
    ("act_cancel_auth", "تعذر إلغاء تسجيل الدخول."),
    ("act_end", "تعذر إنهاء المحادثة."),
    ("upload_name", "اسم الملف فارغ أو طويل جدًا."),
    (
        "upload_type",
        "لا يمكن إرفاق هذا النوع من الملفات؛ الأنواع المسموح بها: {}.",
    ),
    ("upload_content_type", "محتوى الملف لا يطابق اسمه."),
    ("upload_empty", "الملف فارغ."),
    ("upload_too_big", "الملف كبير جدًا؛ الحد الأقصى {}."),
    ("upload_too_many", "بلغت هذه المحادثة الحد الأقصى للمرفقات."),
    ("upload_storage", "رفض تخزين الملفات التحميل (HTTP {})."),
    ("size_bytes", "{} بايت"),
    ("size_kb", "{} ك.ب"),
    ("size_mb", "{} م.ب"),
];
