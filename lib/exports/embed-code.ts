// The embed code the share panel offers (pure): an iframe with a title and an aria-label,
// and a small script that sets each Vantage iframe's height from the messages its embed
// posts ({type: "vantage:height", height}). The script checks the message's origin and
// source, so other frames cannot resize anything.

export const HEIGHT_MESSAGE = "vantage:height";

export interface EmbedCodeInput {
  /** Absolute URL of the embed (/embed/...). */
  src: string;
  title: string;
  /** Starting height before the first message (px). */
  height?: number;
}

const attr = (s: string) => s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;");

/** The host-page script: one listener for every Vantage iframe on the page. */
export function resizeScript(origin: string): string {
  return (
    `<script>(function(){if(window.vantageEmbeds)return;window.vantageEmbeds=1;` +
    `window.addEventListener("message",function(e){var d=e.data;` +
    `if(e.origin!==${JSON.stringify(origin)}||!d||d.type!==${JSON.stringify(HEIGHT_MESSAGE)}||!(d.height>0))return;` +
    `var f=document.querySelectorAll("iframe[data-vantage-embed]");` +
    `for(var i=0;i<f.length;i++)if(f[i].contentWindow===e.source)f[i].style.height=Math.ceil(d.height)+"px";});})();</script>`
  );
}

export function embedCode(e: EmbedCodeInput): string {
  const origin = new URL(e.src).origin;
  return (
    `<iframe src="${attr(e.src)}" title="${attr(e.title)}" aria-label="${attr(e.title)}" data-vantage-embed ` +
    `loading="lazy" scrolling="no" style="width:100%;min-width:300px;border:none" height="${e.height ?? 520}"></iframe>\n` +
    resizeScript(origin)
  );
}

/** The script inside the embed: posts its height to the host page whenever it changes. */
export const EMBED_HEIGHT_SCRIPT =
  `(function(){var last=0;function post(){var h=Math.ceil(document.body.getBoundingClientRect().height);` +
  `if(h!==last&&window.parent!==window){last=h;window.parent.postMessage({type:${JSON.stringify(HEIGHT_MESSAGE)},height:h},"*");}}` +
  `if(window.ResizeObserver)new ResizeObserver(post).observe(document.body);window.addEventListener("load",post);post();})();`;
