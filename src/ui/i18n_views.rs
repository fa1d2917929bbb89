//! The locale tables' strings for views, sign-in outcomes and persistent-chat history, kept
//! apart from the interface's own strings in [`super::i18n`] (whose `KEYS` lists these too).

pub(super) const EN: &[(&str, &str)] = &[
    ("view_form", "Form"),
    ("previous_conversation", "Previous conversation"),
    (
        "view_unavailable",
        "This form can't be shown here. You can answer by typing a message.",
    ),
    (
        "view_part_unavailable",
        "Part of this form can't be shown here.",
    ),
    ("view_required", "{} is required."),
    ("view_invalid", "{} doesn't look right."),
    ("view_submit", "Submit"),
    ("view_next", "Continue"),
    ("view_back", "Back"),
    ("sign_in_unavailable", "Sign-in is unavailable here."),
    ("auth_skip", "Continue without signing in"),
];

pub(super) const DE: &[(&str, &str)] = &[
    ("view_form", "Formular"),
    ("previous_conversation", "Frühere Unterhaltung"),
    ("view_unavailable", "Dieses Formular kann hier nicht angezeigt werden. Sie können antworten, indem Sie eine Nachricht schreiben."),
    ("view_part_unavailable", "Ein Teil dieses Formulars kann hier nicht angezeigt werden."),
    ("view_required", "{} ist erforderlich."),
    ("view_invalid", "{} ist ungültig."),
    ("view_submit", "Absenden"),
    ("view_next", "Weiter"),
    ("view_back", "Zurück"),
    ("sign_in_unavailable", "Die Anmeldung ist hier nicht verfügbar."),
    ("auth_skip", "Ohne Anmeldung fortfahren"),
];

pub(super) const ES: &[(&str, &str)] = &[
    ("view_form", "Formulario"),
    ("previous_conversation", "Conversación anterior"),
    (
        "view_unavailable",
        "Este formulario no se puede mostrar aquí. Puedes responder escribiendo un mensaje.",
    ),
    (
        "view_part_unavailable",
        "Parte de este formulario no se puede mostrar aquí.",
    ),
    ("view_required", "{} es obligatorio."),
    ("view_invalid", "{} no es válido."),
    ("view_submit", "Enviar"),
    ("view_next", "Continuar"),
    ("view_back", "Atrás"),
    (
        "sign_in_unavailable",
        "El inicio de sesión no está disponible aquí.",
    ),
    ("auth_skip", "Continuar sin iniciar sesión"),
];

pub(super) const FR: &[(&str, &str)] = &[
    ("view_form", "Formulaire"),
    ("previous_conversation", "Conversation précédente"),
    (
        "view_unavailable",
        "Ce formulaire ne peut pas être affiché ici. Vous pouvez répondre en écrivant un message.",
    ),
    (
        "view_part_unavailable",
        "Une partie de ce formulaire ne peut pas être affichée ici.",
    ),
    ("view_required", "{} est obligatoire."),
    ("view_invalid", "{} n'est pas valide."),
    ("view_submit", "Envoyer"),
    ("view_next", "Continuer"),
    ("view_back", "Retour"),
    (
        "sign_in_unavailable",
        "La connexion n'est pas disponible ici.",
    ),
    ("auth_skip", "Continuer sans se connecter"),
];

pub(super) const JA: &[(&str, &str)] = &[
    ("view_form", "フォーム"),
    ("previous_conversation", "以前の会話"),
    (
        "view_unavailable",
        "このフォームはここでは表示できません。メッセージを入力して回答できます。",
    ),
    (
        "view_part_unavailable",
        "このフォームの一部はここでは表示できません。",
    ),
    ("view_required", "{}は必須です。"),
    ("view_invalid", "{}の形式が正しくありません。"),
    ("view_submit", "送信"),
    ("view_next", "続行"),
    ("view_back", "戻る"),
    (
        "sign_in_unavailable",
        "ここではサインインを利用できません。",
    ),
    ("auth_skip", "サインインせずに続ける"),
];

pub(super) const AR: &[(&str, &str)] = &[
    ("view_form", "نموذج"),
    ("previous_conversation", "المحادثة السابقة"),
    (
        "view_unavailable",
        "لا يمكن عرض هذا النموذج هنا. يمكنك الرد بكتابة رسالة.",
    ),
    (
        "view_part_unavailable",
        "لا يمكن عرض جزء من هذا النموذج هنا.",
    ),
    ("view_required", "{} مطلوب."),
    ("view_invalid", "{} غير صالح."),
    ("view_submit", "إرسال"),
    ("view_next", "متابعة"),
    ("view_back", "رجوع"),
    ("sign_in_unavailable", "تسجيل الدخول غير متاح هنا."),
    ("auth_skip", "المتابعة دون تسجيل الدخول"),
];
