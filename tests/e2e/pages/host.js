// The host page's own script: it must keep working whatever the widget's configuration.
document.getElementById("host").textContent = "The host page's script ran.";
