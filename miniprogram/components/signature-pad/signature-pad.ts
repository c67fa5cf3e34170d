/**
 * 手写签名板: the signer draws a signature with a finger on a 2D canvas; the page exports it as a
 * PNG (在线诉讼规则 第三十三条: the handwritten signature image of an e-signature).
 */
interface Canvas2D {
  width: number;
  height: number;
  getContext(kind: '2d'): CanvasRenderingContext2DLike;
}
interface CanvasRenderingContext2DLike {
  scale(x: number, y: number): void;
  beginPath(): void;
  moveTo(x: number, y: number): void;
  lineTo(x: number, y: number): void;
  stroke(): void;
  clearRect(x: number, y: number, w: number, h: number): void;
  lineWidth: number;
  lineCap: string;
  strokeStyle: string;
}
type Touch = { touches: { x: number; y: number }[] };

Component({
  data: { drawn: false },
  methods: {
    /** The canvas node and its context, found once after the pad is on screen. */
    canvas(): Promise<{ canvas: Canvas2D; ctx: CanvasRenderingContext2DLike }> {
      const self = this as unknown as { found?: Promise<{ canvas: Canvas2D; ctx: CanvasRenderingContext2DLike }> };
      self.found ??= new Promise((resolve, reject) =>
        wx
          .createSelectorQuery()
          .in(this)
          .select('.pad__canvas')
          .fields({ node: true, size: true })
          .exec((res: { node?: Canvas2D; width: number; height: number }[]) => {
            const hit = res[0];
            if (!hit?.node) return reject(new Error('no canvas'));
            const ratio = wx.getWindowInfo().pixelRatio;
            hit.node.width = hit.width * ratio;
            hit.node.height = hit.height * ratio;
            const ctx = hit.node.getContext('2d');
            ctx.scale(ratio, ratio);
            ctx.lineWidth = 4;
            ctx.lineCap = 'round';
            ctx.strokeStyle = '#1f1f1f';
            resolve({ canvas: hit.node, ctx });
          }),
      );
      return self.found;
    },
    async onStart(e: Touch) {
      const point = e.touches[0];
      if (!point) return;
      const { ctx } = await this.canvas();
      ctx.beginPath();
      ctx.moveTo(point.x, point.y);
    },
    async onMove(e: Touch) {
      const point = e.touches[0];
      if (!point) return;
      const { ctx } = await this.canvas();
      ctx.lineTo(point.x, point.y);
      ctx.stroke();
      if (!this.data.drawn) {
        this.setData({ drawn: true });
        this.triggerEvent('change', { drawn: true });
      }
    },
    async clear() {
      const { canvas, ctx } = await this.canvas();
      ctx.clearRect(0, 0, canvas.width, canvas.height);
      this.setData({ drawn: false });
      this.triggerEvent('change', { drawn: false });
    },
    /** The drawing as a PNG in the phone's temporary files. */
    async exportImage(): Promise<string> {
      const { canvas } = await this.canvas();
      return new Promise<string>((resolve, reject) =>
        wx.canvasToTempFilePath(
          {
            canvas: canvas as unknown as WechatMiniprogram.Canvas,
            fileType: 'png',
            success: (res) => resolve(res.tempFilePath),
            fail: reject,
          },
          this,
        ),
      );
    },
  },
});
