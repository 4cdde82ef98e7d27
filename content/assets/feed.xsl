<?xml version="1.0" encoding="UTF-8"?>
<!-- A feed opened in a browser becomes a readable Chinese subscribe page.
     Feed readers ignore this stylesheet and read the RSS/Atom as it is.
     Served from our own site (browsers apply only same-origin XSLT). -->
<xsl:stylesheet version="1.0" xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:atom="http://www.w3.org/2005/Atom" exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="atom" select="boolean(/atom:feed)"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="about" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="page" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html lang="zh-CN">
      <head>
        <meta charset="utf-8"/>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title>订阅：<xsl:value-of select="$title"/></title>
        <style>
          body { margin: 0; font: 16px/1.8 "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #212121; background: #fff; }
          header { background: #b71c1c; color: #fff; padding: 1.2em 1em; }
          header p { margin: 0.3em 0 0; }
          main { max-width: 42em; margin: 0 auto; padding: 1em; }
          h1 { font-size: 1.4em; margin: 0; line-height: 1.4; }
          h2 { font-size: 1.1em; border-bottom: 2px solid #b71c1c; padding-bottom: 0.2em; }
          a { color: #b71c1c; }
          header a { color: #fff; }
          .how { background: #f5f5f5; padding: 0.8em 1em; border-radius: 4px; }
          .how code { word-break: break-all; background: #fff; padding: 0 0.3em; }
          ol { list-style: none; padding: 0; }
          li { margin: 0 0 1.2em; }
          li a { font-weight: 600; }
          .meta { display: block; font-size: 0.85em; color: #5c5c5c; }
          li p { margin: 0.2em 0 0; font-size: 0.9em; }
        </style>
      </head>
      <body>
        <header>
          <h1><xsl:value-of select="$title"/></h1>
          <p><xsl:value-of select="$about"/></p>
        </header>
        <main>
          <section class="how" aria-labelledby="how">
            <h2 id="how">这是一个订阅源（<xsl:choose><xsl:when test="$atom">Atom</xsl:when><xsl:otherwise>RSS</xsl:otherwise></xsl:choose>）</h2>
            <p>把本页的网址复制到您的阅读器（如 Feedly、Inoreader、NetNewsWire 或邮箱的订阅功能）里，就能在有新文章时收到提醒。</p>
            <p>本页网址：<code><xsl:value-of select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/></code></p>
            <p><a href="{$page}">返回网站阅读</a></p>
          </section>
          <h2>最新文章</h2>
          <ol>
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li>
      <a href="{link}"><xsl:value-of select="title"/></a>
      <span class="meta"><xsl:call-template name="rfc822-date"><xsl:with-param name="d" select="pubDate"/></xsl:call-template></span>
      <xsl:if test="description"><p><xsl:value-of select="description"/></p></xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li>
      <a href="{atom:link/@href}"><xsl:value-of select="atom:title"/></a>
      <span class="meta"><xsl:call-template name="iso-date"><xsl:with-param name="d" select="atom:published | atom:updated[not(../atom:published)]"/></xsl:call-template></span>
      <xsl:if test="atom:summary"><p><xsl:value-of select="atom:summary"/></p></xsl:if>
    </li>
  </xsl:template>

  <!-- 2023-10-01T00:00:00+08:00 → 2023年10月1日 -->
  <xsl:template name="iso-date">
    <xsl:param name="d"/>
    <xsl:value-of select="concat(substring($d, 1, 4), '年', number(substring($d, 6, 2)), '月', number(substring($d, 9, 2)), '日')"/>
  </xsl:template>

  <!-- Sun, 01 Oct 2023 00:00:00 +0800 → 2023年10月1日 -->
  <xsl:template name="rfc822-date">
    <xsl:param name="d"/>
    <xsl:variable name="rest" select="normalize-space(substring-after($d, ','))"/>
    <xsl:variable name="day" select="substring-before($rest, ' ')"/>
    <xsl:variable name="mon" select="substring(substring-after($rest, ' '), 1, 3)"/>
    <xsl:variable name="year" select="substring(substring-after(substring-after($rest, ' '), ' '), 1, 4)"/>
    <xsl:value-of select="concat($year, '年', string-length(substring-before('JanFebMarAprMayJunJulAugSepOctNovDec', $mon)) div 3 + 1, '月', number($day), '日')"/>
  </xsl:template>
</xsl:stylesheet>
