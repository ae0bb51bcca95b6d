// Small browser helpers the Blazor components call through JS interop.
window.portal = {
  // Saves text as a file, as a download the browser starts.
  download: function (fileName, contentType, text) {
    const url = URL.createObjectURL(new Blob([text], { type: contentType }));
    const link = document.createElement("a");
    link.href = url;
    link.download = fileName;
    document.body.appendChild(link);
    link.click();
    link.remove();
    URL.revokeObjectURL(url);
  },
  copy: async function (text) {
    await navigator.clipboard.writeText(text);
  }
};
