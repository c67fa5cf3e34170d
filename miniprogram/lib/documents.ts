/**
 * Opens a dossier document on the phone: images in the viewer, videos in the media viewer, PDFs and Office files with
 * wx.openDocument, and the court's HTML notices as rich text on the page.
 */
export async function openDocument(url: string, type: string): Promise<{ html?: string }> {
  if (type.startsWith('image/')) {
    await wx.previewImage({ urls: [url], current: url });
    return {};
  }
  // An executor's video log (执行日志) plays in the media viewer.
  if (type.startsWith('video/')) {
    await wx.previewMedia({ sources: [{ url, type: 'video' }] });
    return {};
  }
  const downloaded = await new Promise<string>((resolve, reject) =>
    wx.downloadFile({
      url,
      success: (res) => (res.statusCode === 200 ? resolve(res.tempFilePath) : reject(new Error(`HTTP ${res.statusCode}`))),
      fail: reject,
    }),
  );
  if (type === 'text/html') {
    const html = wx.getFileSystemManager().readFileSync(downloaded, 'utf8') as string;
    // rich-text renders the body; the notice's own <style> and <head> are not needed there.
    return { html: html.replace(/^[\s\S]*<body>/, '').replace(/<\/body>[\s\S]*$/, '') };
  }
  const fileType = type === 'application/pdf' ? 'pdf' : type.includes('word') ? 'docx' : undefined;
  await wx.openDocument({ filePath: downloaded, ...(fileType ? { fileType } : {}), showMenu: true });
  return {};
}
